"""Issue 12: never silently wrong on a real register.

Each case is one the issue saw attcli get wrong without a word, on a small register whose
answer is worked out by hand in the comments from DOMAIN.md (sections 1, 2, 5, 6, 10
and 12).  Every test here failed on the code before the fix (the closing note of issue 12
lists the before and after of each).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from attcli.check import check_register
from attcli.config import parse_config
from attcli.engine import evaluate
from attcli.errors import AttcliError, ConfigError, InputError
from attcli.loaders import load_registers
from builders import pupil, register, register_rows, school_days, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace

D = dt.date
NO_CONFIG = parse_config("")
TERMS = """
[calendar]
inset_days = [2026-09-02, 2026-11-02]

[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-02
end = 2026-10-23

[[calendar.half_terms]]
name = "Autumn 2"
start = 2026-11-02
end = 2026-12-18
"""
CONFIG = parse_config(TERMS)


def write_long(path: Path, frame: pl.DataFrame) -> Path:
    """A register (builders) as an Arbor-style long CSV, in the frame's order."""
    lines = ["UPN,Legal Surname,Legal Forename,Year,Date of Birth,Date,Session,Mark"]
    for r in frame.iter_rows(named=True):
        dob = f"{r['dob']:%d/%m/%Y}" if r["dob"] else ""
        lines.append(
            f"{r['upn']},{r['surname']},{r['forename']},Year {r['year_group']},{dob},"
            f"{r['date']:%d/%m/%Y},{r['session']},{r['raw_mark']}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------ 1. coverage

# Mon 14 - Fri 18 Dec 2026: a one-week export.  A is absent (N) all week, B present, C
# absent Thursday and Friday.
ONE_WEEK = {"A": "N N N N N", "B": "/\\ /\\ /\\ /\\ /\\", "C": "/\\ /\\ /\\ N N"}
DEC14 = D(2026, 12, 14)


def test_a_one_week_export_gives_figures_for_its_week_and_no_year_to_date_band():
    # Term dates in the config: the year's first school day is Thu 3 Sep (Wed 2 Sep is an
    # INSET day).  The school days before the export starts: Autumn 1, Thu 3 Sep - Fri 23
    # Oct = 2 + 15 + 3 (Sep) + 2 + 15 (Oct) = 37; Autumn 2 less the 2 Nov INSET day, Tue 3
    # Nov - Fri 11 Dec = 4 + 15 + 1 (Nov) + 4 + 5 (Dec) = 29; 66 in all.
    ev = evaluate(register(ONE_WEEK, start=DEC14), CONFIG)
    c = ev.coverage
    assert c.to_json() == {
        "period_start": "2026-09-01",
        "data_start": "2026-12-14",
        "data_end": "2026-12-18",
        "gaps": [
            {"kind": "before_data", "start": "2026-09-03", "end": "2026-12-11", "school_days": 66}
        ],
        "complete": False,
    }
    # the figures are the week's, labelled with it; no band from five days of a year
    assert (ev.period_start, ev.period_end) == (DEC14, D(2026, 12, 18))
    a = pupil(ev, "A")
    assert (a["possible"], a["attended"], a["attendance_pct"], a["band"]) == (10, 0, 0.0, None)
    assert [pupil(ev, u)["band"] for u in "BC"] == [None, None]
    assert (a["next_band"], a["can_miss_sessions"]) == (None, None)
    assert c.line() == (
        "INCOMPLETE DATA: the exports cover 14/12/2026 to 18/12/2026; no register from "
        "03/09/2026 to 11/12/2026 (66 school days) before the data starts. Figures are for "
        "14/12/2026 to 18/12/2026 only, with no band: export the register from 01/09/2026 "
        "(the start of the school year), or pass --from 14/12/2026 for figures and bands over "
        "the shorter period"
    )
    # stated explicitly, the shorter period has its bands: A 0/10 severe, B 10/10 green,
    # C 6/10 = 60 % red
    short = evaluate(register(ONE_WEEK, start=DEC14), CONFIG, period_start=DEC14)
    assert short.coverage.complete
    assert [pupil(short, u)["band"] for u in "ABC"] == ["severe", "green", "red"]


def test_without_term_dates_a_register_starting_after_8_september_does_not_cover_the_year():
    # Tue 1 Sep - Fri 11 Dec 2026, weekdays (no term dates to say which are school days):
    # Sep 22, Oct 22, Nov 21, Dec 9 = 74.
    ev = evaluate(register(ONE_WEEK, start=DEC14), NO_CONFIG)
    (gap,) = ev.coverage.gaps
    assert (gap.kind, gap.start, gap.end, gap.school_days, gap.weekdays) == (
        "before_data", D(2026, 9, 1), D(2026, 12, 11), 74, True
    )
    assert pupil(ev, "A")["band"] is None
    # a register from Tue 8 Sep is taken as the year's start (docs/decisions.md): 10 of
    # 10 sessions, green
    ev = evaluate(register({"A": "/\\ " * 5}, start=D(2026, 9, 8)), NO_CONFIG)
    assert ev.coverage.complete
    assert (pupil(ev, "A")["possible"], pupil(ev, "A")["band"]) == (10, "green")


def test_a_week_left_out_of_the_weekly_files_is_a_gap_inside_the_term():
    # Configured term from Thu 3 Sep; the exports hold 3 Sep - 25 Sep but not the week of
    # Mon 14 Sep: that week's 5 school days are a gap, and the figures get no band.
    days = school_days(D(2026, 9, 3), 17)  # Thu 3 Sep .. Fri 25 Sep
    rows = [
        {"upn": "A", "date": d, "session": s, "mark": "/" if s == "AM" else "\\"}
        for d in days
        if not D(2026, 9, 14) <= d <= D(2026, 9, 18)
        for s in ("AM", "PM")
    ]
    ev = evaluate(register_rows(rows), CONFIG, as_of=D(2026, 9, 25))
    assert [g.to_json() for g in ev.coverage.gaps] == [
        {"kind": "missing_week", "start": "2026-09-14", "end": "2026-09-18", "school_days": 5}
    ]
    assert pupil(ev, "A")["band"] is None and pupil(ev, "A")["possible"] == 24


def workspace_with_terms(folder: Path) -> Path:
    """A filled-in workspace (as `attcli init` writes it) with the autumn term dates."""
    config = make_workspace(folder)
    text = config.read_text(encoding="utf-8")
    text = text.replace("inset_days = []", "inset_days = [2026-09-02, 2026-11-02]")
    config.write_text(text + TERMS.split("\n", 3)[3], encoding="utf-8")
    return config


def test_check_and_letters_on_a_one_week_export(tmp_path, monkeypatch):
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-21")  # the Monday after the export
    config = workspace_with_terms(tmp_path / "ws")
    export = write_long(tmp_path / "week.csv", register(ONE_WEEK, start=DEC14))
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("A", "1", "Mrs", "Ann", "SurnameA"), ("C", "3", "Mr", "Cal", "SurnameC")],
    )
    code, out, err = run_cli("check", export, "-c", config, "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["coverage"]["complete"] is False
    assert doc["period"] == {"start": "2026-12-14", "end": "2026-12-18"}
    assert doc["summary"]["bands"] == {"green": 0, "amber": 0, "red": 0, "severe": 0, "no_band": 3}
    code, out, _ = run_cli("check", export, "-c", config)
    assert "INCOMPLETE DATA: the exports cover 14/12/2026 to 18/12/2026" in out
    # the band line says why no pupil has a band: the data, not their sessions
    assert "severe 0 | no band (incomplete data) 3" in " ".join(out.split())
    # from Wed 16 Dec, the data covers the period: 6 possible sessions each, below 10
    code, out, _ = run_cli("check", export, "-c", config, "--from", "2026-12-16")
    assert "severe 0 | no band (fewer than 10 possible sessions) 3" in " ".join(out.split())
    code, out, err = run_cli("letters", export, "--contacts", contacts, "-c", config, "--dry-run")
    assert (code, out) == (1, "")
    assert err == (
        "error: no letters: the exports cover 14/12/2026 to 18/12/2026, not the period from "
        "01/09/2026 (no register from 03/09/2026 to 11/12/2026 (66 school days) before the "
        "data starts); export the register from 01/09/2026 to date, or add --from 14/12/2026 "
        "to write letters about that shorter period only\n"
    )
    # the shorter period stated: A's severe letter and C's red one are planned
    code, out, err = run_cli(
        "letters", export, "--contacts", contacts, "-c", config, "--dry-run", "--from", "14/12/2026"
    )
    assert code == 0, err
    assert "severe" in out and "red" in out


# ------------------------------------------------------------------ 2. dates out of step


def test_an_as_of_date_after_the_data_is_said_and_runs_are_not_current_then():
    # Mon 7 Sep - Fri 2 Oct 2026 (20 school days): W present 10 days, then N for 10 days
    # to the end of the data.  As of Mon 2 Nov, a month later, with no term dates: the 21
    # weekdays Mon 5 Oct - Mon 2 Nov have no register.
    reg = register({"W": " ".join(["/\\"] * 10 + ["N"] * 10), "P": " ".join(["/\\"] * 20)})
    ev = evaluate(reg, NO_CONFIG, as_of=D(2026, 11, 2))
    (gap,) = ev.coverage.gaps
    assert (gap.kind, gap.start, gap.end, gap.school_days) == (
        "after_data", D(2026, 10, 5), D(2026, 11, 2), 21
    )
    assert ev.coverage.covers_period  # the year from its start to the end of the data
    w = pupil(ev, "W")
    # still absent on 2 Nov?  Nobody can say: not current, and the window ends with the data
    assert (w["continuous_absence_days"], w["longest_absence_days"]) == (0, 10)
    assert (w["pn_window_start"], w["pn_window_end"]) == (D(2026, 9, 7), D(2026, 10, 2))
    assert (w["pn_window_sessions"], w["band"]) == (20, "severe")  # 20 of 40 = 50 %
    assert ev.period_end == D(2026, 10, 2)
    # as of the data's last day the run is current
    assert pupil(evaluate(reg, NO_CONFIG), "W")["continuous_absence_days"] == 10


@pytest.mark.parametrize(
    ("as_of", "school_days_after", "refused"),
    [
        # data ends Fri 16 Oct; the half-term week 26-30 Oct and the 2 Nov INSET day are
        # not school days by the config: 19-23 Oct (5) + 3-6 Nov (4) = 9 by Fri 6 Nov
        (D(2026, 11, 6), 9, False),
        (D(2026, 11, 9), 10, False),  # two school weeks: still allowed
        (D(2026, 11, 10), 11, True),
    ],
)
def test_letters_refused_more_than_two_school_weeks_after_the_data(
    tmp_path, as_of, school_days_after, refused
):
    from attcli.letters.run import refuse_incomplete

    # Thu 3 Sep - Fri 16 Oct 2026: 32 school days
    reg = register({"A": " ".join(["/\\"] * 32)}, start=D(2026, 9, 3))
    ev = evaluate(reg, CONFIG, as_of=as_of)
    assert ev.coverage.days_after_data == school_days_after
    if refused:
        with pytest.raises(Exception) as exc:
            refuse_incomplete(ev)
        assert str(exc.value) == (
            f"no letters: the register ends 16/10/2026, 11 school days before the as-of date "
            f"{as_of:%d/%m/%Y}; export the register up to date, or give --as-of 16/10/2026"
        )
    else:
        refuse_incomplete(ev)


def term_dates(*terms: tuple[str, str, str], extra: str = ""):
    """A config of these half terms (name, start, end: YYYY-MM-DD), then ``extra``."""
    return parse_config(
        "".join(
            f"[[calendar.half_terms]]\nname = '{n}'\nstart = {a}\nend = {b}\n" for n, a, b in terms
        )
        + extra
    )


def config_error(reg: pl.DataFrame, cfg, **kw) -> str:
    """The one line ``evaluate`` refuses ``reg`` with under ``cfg``."""
    with pytest.raises(ConfigError) as exc:
        evaluate(reg, cfg, **kw)
    return str(exc.value)


def test_last_years_term_dates_are_an_error_naming_the_key_and_the_year():
    last_year = term_dates(
        ("Autumn 1", "2025-09-03", "2025-10-24"), ("Autumn 2", "2025-11-03", "2025-12-19")
    )
    reg = register({"A": "/\\ " * 10}, start=D(2026, 12, 7))
    assert config_error(reg, last_year) == (
        "config key 'calendar.half_terms': no half term in 2026/27, the school year of the "
        "as-of date 18/12/2026; the term dates given are for 2025/26: add 2026/27's half "
        "terms (or remove them all to have attcli infer them from the register)"
    )


def test_last_years_export_with_this_years_term_dates_asks_whether_it_is_last_years():
    # this year's term dates, an export of autumn 2025 (a file from last year): the config
    # is right, the export is likely wrong, and the message says both ways out
    reg = register({"A": "/\\ " * 10}, start=D(2025, 10, 13))
    assert config_error(reg, CONFIG) == (
        "config key 'calendar.half_terms': no half term in 2025/26, the school year of the "
        "as-of date 24/10/2025; the term dates given are for 2026/27: if the exports are "
        "last year's by mistake, export 2026/27's register; otherwise add 2025/26's half "
        "terms (or remove them all to have attcli infer them from the register)"
    )


def test_a_trust_school_s_own_term_dates_are_named_by_its_section():
    # [schools.zed] has its own (last year's) half terms: the error names that section,
    # not [calendar], which is right
    cfg = parse_config(
        TERMS + '\n[schools.zed]\nname = "Zed"\nfiles = ["zed-*"]\n'
        '[[schools.zed.half_terms]]\nname = "Autumn 1"\nstart = 2025-09-03\n'
        "end = 2025-10-24\n"
    ).for_school("zed")
    reg = register({"A": "/\\ " * 10}, start=D(2026, 9, 7))
    assert config_error(reg, cfg).startswith(
        "config key 'schools.zed.half_terms': no half term in 2026/27"
    )


def test_term_dates_that_stop_before_the_data_are_an_error():
    # Autumn 1 only; the register runs Mon 19 Oct - Mon 2 Nov (Mon 26 Oct no rows): its
    # school days Tue 27 Oct - Mon 2 Nov are after Autumn 1 ends
    autumn1 = term_dates(("Autumn 1", "2026-09-02", "2026-10-23"))
    reg = register({"A": "/\\ " * 10}, start=D(2026, 10, 19), holidays=[D(2026, 10, 26)])
    assert config_error(reg, autumn1) == (
        "config key 'calendar.half_terms': the register has school days on 27/10/2026 to "
        "02/11/2026, outside the half terms given for 2026/27 (02/09/2026 to 23/10/2026): "
        "add the missing half terms"
    )


def test_term_dates_from_the_summer_only_do_not_make_a_summer_register_the_year():
    # The config gives only the summer half terms of 2026/27 (Summer 1 from Mon 12 Apr
    # 2027); the register holds Mon 12 - Fri 23 Apr 2027 only (found by the command oracle,
    # tests/test_oracle_commands.py).  The year to date runs from 1 September 2026: which
    # weekdays from then to the first half term given were school days the config does not
    # say (no term dates for them), and the register has none, so the year is not covered
    # (DOMAIN.md 2: no year-to-date band; term dates that do not cover the school year are
    # never silently used).  Weekdays Tue 1 Sep 2026 - Fri 9 Apr 2027: Sep 22, Oct 22,
    # Nov 21, Dec 23, Jan 21, Feb 20, Mar 23, Apr 7 = 159.  It said complete, and A's 10 of
    # 20 sessions were a year-to-date 50 %, severe, for letters.
    summer = term_dates(("Summer 1", "2027-04-12", "2027-05-28"),
                        ("Summer 2", "2027-06-07", "2027-07-16"))  # fmt: skip
    reg = register({"A": "/\\ N " * 5, "B": "/\\ " * 10}, start=D(2027, 4, 12))
    ev = evaluate(reg, summer)
    (gap,) = ev.coverage.gaps
    assert (gap.kind, gap.start, gap.end, gap.school_days, gap.weekdays) == (
        "before_data", D(2026, 9, 1), D(2027, 4, 9), 159, True
    )
    assert not ev.coverage.complete
    assert (pupil(ev, "A")["possible"], pupil(ev, "A")["band"]) == (20, None)
    # stated explicitly (--from the term's first day), the term has its bands
    short = evaluate(reg, summer, period_start=D(2027, 4, 12))
    assert short.coverage.complete
    assert pupil(short, "A")["band"] == "severe"
    # a register from September with the same config is refused, as before
    sept = register({"A": "/\\ " * 10}, start=D(2026, 9, 7))
    assert "outside the half terms given" in config_error(sept, summer, as_of=D(2027, 4, 12))
    # a school back on Wed 9 Sep (INSET days before it, not listed) gives the year's first
    # school day in its term dates: a register from then covers the year, as before
    late = term_dates(("Autumn 1", "2026-09-09", "2026-10-23"))
    ev = evaluate(register({"A": "/\\ " * 10}, start=D(2026, 9, 9)), late)
    assert ev.coverage.complete and pupil(ev, "A")["band"] == "green"


def test_a_register_before_its_years_term_dates_still_names_a_week_missing_inside_it():
    # The summer-only config again, and a register of Mon 12 - Fri 30 Apr 2027 with no
    # rows for the week of Mon 19 Apr.  The year is not covered (159 weekdays before the
    # data, as above), and the week missing inside the data is a gap of its own: the
    # office exporting September to date must also fill that week.  The gap before the
    # data was worked out with the window for missing weeks set to end before the data,
    # so the missing week was never looked for, and not said.
    summer = term_dates(("Summer 1", "2027-04-12", "2027-05-28"),
                        ("Summer 2", "2027-06-07", "2027-07-16"))  # fmt: skip
    week = [D(2027, 4, 19) + dt.timedelta(days=i) for i in range(5)]
    reg = register({"A": "/\\ " * 10}, start=D(2027, 4, 12), holidays=week)
    gaps = [(g.kind, g.start, g.end, g.school_days) for g in evaluate(reg, summer).coverage.gaps]
    assert gaps == [
        ("before_data", D(2026, 9, 1), D(2027, 4, 9), 159),
        ("missing_week", D(2027, 4, 19), D(2027, 4, 23), 5),
    ]


def test_from_a_school_year_the_term_dates_do_not_give_is_not_complete():
    # Term dates for 2026/27 only; the register from Mon 7 Sep 2026; --from 5 Jan 2026 (a
    # year the config has no term dates for).  It said complete, and the letters would
    # have gone out on a year-and-a-half "period" of one term's data; then it was
    # incomplete, no band, "export the register from 05/01/2026", an export the period
    # rule (test_from_last_summer_with_term_dates_says_the_period_must_lie_in_one_school_year)
    # then refused.  Now refused at once (sweep rcdob), the register holding none of
    # 2025/26's days.
    cfg = term_dates(("Autumn 1", "2026-09-07", "2026-10-23"))
    reg = register({"A": "/\\ " * 10}, start=D(2026, 9, 7))
    with pytest.raises(AttcliError, match=(
        r"^--from 2026-01-05 is in the school year 2025/26: with term dates in the config, "
        r"a period lies within the school year of its as-of date .*give --from 2026-09-01 "
        r"or later"
    )):  # fmt: skip
        evaluate(reg, cfg, as_of=D(2026, 9, 18), period_start=D(2026, 1, 5))
    # from the term's own year, as before: complete
    ev = evaluate(reg, cfg, as_of=D(2026, 9, 18), period_start=D(2026, 9, 1))
    assert ev.coverage.complete


def test_from_last_summer_with_term_dates_says_the_period_must_lie_in_one_school_year(tmp_path):
    # Summer 2 2026 (8 Jun - 17 Jul) and autumn 2026 (from Thu 3 Sep) in the config
    # (school.ROLLOVER_HALF_TERMS); one export of 30 days from Mon 8 Jun (to Fri 17 Jul)
    # and 15 from Thu 3 Sep (3-4, 7-11, 14-18, 21-23 Sep: to Wed 23 Sep).  check --from
    # 2026-06-15 --as-of 2026-09-23: the term dates are checked against the as-of date's
    # school year (2026/27) only, so the register's days 15/06 - 17/07 are refused.  The
    # refusal said "outside the half terms given for 2026/27 ...: add the missing half
    # terms", although Summer 2 is given (and adding it changes nothing): it now says the
    # rule and the earliest --from for that as-of date, 1 September 2026.
    from builders import across
    from school import ROLLOVER_HALF_TERMS

    reg = across((D(2026, 6, 8), {"A": "/\\ " * 30}), (D(2026, 9, 3), {"A": "/\\ " * 15}))
    export = write_long_csv(reg, tmp_path / "exp.csv")
    expected = (
        "error: --from 2026-06-15 is in the school year 2025/26, and the register has school "
        "days in it (15/06/2026 to 17/07/2026): with term dates in the config, a period lies "
        "within the school year of its as-of date (23/09/2026: 2026/27, from 01/09/2026), "
        "checked against that year's half terms; give --from 2026-09-01 or later (the "
        "earliest for this as-of date), or an --as-of date in 2025/26"
    )
    autumn = ROLLOVER_HALF_TERMS[ROLLOVER_HALF_TERMS.index('[[calendar.half_terms]]\nname = "Autumn 1"') :]
    for terms in (ROLLOVER_HALF_TERMS, autumn):  # Summer 2 given or not: the same
        ws = make_workspace(tmp_path / f"ws{len(terms)}", terms)
        report = f"--output={tmp_path / 'r.html'}"
        for command, out in (("check", "--format=json"), ("report", report)):
            code, _, err = run_cli(command, export, "-c", ws, "--from", "2026-06-15",
                                   "--as-of", "2026-09-23", out, width=400)  # fmt: skip
            assert code == 1 and err.strip() == expected, err
            assert "add the missing half terms" not in err and "outside the half terms" not in err
    code, _, err = run_cli("check", export, "-c", ws, "--from", "2026-09-01",
                           "--as-of", "2026-09-23", "-f", "json")  # fmt: skip
    assert code == 0, err


def test_a_week_missing_from_the_exports_is_a_school_week_of_the_penalty_notice_window():
    # Autumn 1 2 Sep - 23 Oct 2026 in the config; the exports have no row at all for
    # 12-16 Oct; V has an O every Wednesday.  With a 3-week window of 3 sessions, as of
    # Fri 23 Oct the window is w/c 5, 12 and 19 Oct: the term dates make 12 Oct a school
    # week, its register missing; 2 O known, not met.  (It was w/c 28 Sep, 5 and 19 Oct,
    # 3 O: a notice proposed over four weeks.)  Coverage says the week is missing, and
    # what to export.
    cfg = term_dates(
        ("Autumn 1", "2026-09-02", "2026-10-23"), extra="[penalty_notice]\nweeks = 3\nsessions = 3\n"
    )
    gap = [D(2026, 10, 12) + dt.timedelta(days=i) for i in range(5)]
    days = school_days(D(2026, 9, 7), 30, gap)
    marks = " ".join("O\\" if d.weekday() == 2 else "/\\" for d in days)
    reg = register({"V": marks}, start=D(2026, 9, 7), holidays=gap)
    ev = evaluate(reg, cfg, as_of=D(2026, 10, 23), period_start=D(2026, 9, 7))
    v = pupil(ev, "V")
    assert (v["pn_window_start"], v["pn_window_sessions"], v["pn_threshold_met"]) == (
        D(2026, 10, 5), 2, False
    )
    assert (
        "Figures are for 07/09/2026 to 23/10/2026 without the missing week, with no band: "
        "export the register for the missing week too and give it with the others"
    ) in ev.coverage.line()


def test_term_dates_missing_a_half_term_between_two_are_an_error_a_day_or_two_is_not():
    # Autumn 1 to Fri 23 Oct and Spring 1 from Mon 4 Jan, Autumn 2 left out; the register
    # runs Mon 2 - Fri 13 Nov 2026: ten school days in the "holiday" (the letters were
    # filed under Autumn 1 and this half term's never sent).  Two days of it are a
    # register opened on a holiday: a data-quality item, as before.
    no_autumn2 = term_dates(
        ("Autumn 1", "2026-09-02", "2026-10-23"), ("Spring 1", "2027-01-04", "2027-02-12")
    )
    reg = register({"A": "/\\ " * 10}, start=D(2026, 11, 2))
    assert config_error(reg, no_autumn2, period_start=D(2026, 11, 2)) == (
        "config key 'calendar.half_terms': the register has 10 school days in holidays of "
        "the half terms given for 2026/27, 5 of them in the week of 02/11/2026: a half term "
        "is missing, or its dates are wrong: add it or correct its dates; or these exports "
        "are another school's, whose holidays differ: give that school's workspace "
        "(--workspace DIR, or --config FILE); or, if the register "
        "is packed marks, its strings count school days only, with no place for the holiday "
        "(docs/presets.md): export them with a blank for each weekday the school was closed"
    )
    two = register({"A": "/\\ " * 2}, start=D(2026, 11, 2))
    ev = evaluate(two, no_autumn2, period_start=D(2026, 11, 2))
    assert ev.data_quality.filter(pl.col("kind") == "outside_term").height == 2


# ------------------------------------------------------------------ 3. missing marks


def test_a_missing_mark_is_left_out_of_possible_counted_and_never_a_leaving():
    # Mon 7 - Fri 18 Sep 2026, 10 school days.  B: '-' (SIMS: no mark recorded) on Tue AM
    # and Thu PM.  C: no PM row on Wed 9 and Fri 11 (everyone else has one).  D: '-' for
    # both sessions of the last two days.  Missing marks leave possible sessions; D is
    # still on roll (the old code said D had left).
    reg = register(
        {
            "A": " ".join(["/\\"] * 10),
            "B": "/\\ -\\ /\\ /- " + " ".join(["/\\"] * 6),
            "C": "/\\ /\\ /! /\\ /! " + " ".join(["/\\"] * 5),
            "D": " ".join(["/\\"] * 8 + ["-", "-"]),
        }
    )
    ev = evaluate(reg, NO_CONFIG)
    got = {
        u: (p["possible"], p["attended"], p["attendance_pct"], p["missing_marks"], p["on_roll"])
        for u, p in ((u, pupil(ev, u)) for u in "ABCD")
    }
    assert got == {
        "A": (20, 20, 100.0, 0, True),
        "B": (18, 18, 100.0, 2, True),
        "C": (18, 18, 100.0, 2, True),
        "D": (16, 16, 100.0, 4, True),
    }
    dq = ev.data_quality.select("kind", "upn", "date", "session").rows()
    assert dq == [
        ("missing_mark", "B", D(2026, 9, 8), "AM"),
        ("missing_mark", "B", D(2026, 9, 10), "PM"),
        ("missing_mark", "D", D(2026, 9, 17), "AM"),
        ("missing_mark", "D", D(2026, 9, 17), "PM"),
        ("missing_mark", "D", D(2026, 9, 18), "AM"),
        ("missing_mark", "D", D(2026, 9, 18), "PM"),
        ("missing_row", "C", D(2026, 9, 9), "PM"),
        ("missing_row", "C", D(2026, 9, 11), "PM"),
    ]
    assert ev.data_quality.filter(pl.col("kind") == "missing_row").get_column(
        "detail"
    ).to_list() == ["no row in the exports"] * 2


def test_a_blank_cell_is_outside_the_time_on_roll_before_the_first_mark_and_after_the_last():
    # Wide export: J joins on Wed (blank Mon, Tue), L leaves after Wed (blank Thu, Fri), M
    # has a blank on Wed between marks: a missing mark.
    reg = register(
        {"J": "_ _ /\\ /\\ /\\", "L": "/\\ /\\ /\\ _ _", "M": "/\\ /\\ _ /\\ /\\", "K": "/\\ " * 5}
    )
    ev = evaluate(reg, NO_CONFIG)
    j, lv, m = pupil(ev, "J"), pupil(ev, "L"), pupil(ev, "M")
    assert (j["possible"], j["missing_marks"], j["on_roll"]) == (6, 0, True)
    assert (lv["possible"], lv["missing_marks"], lv["on_roll"], lv["left_on"]) == (
        6, 0, False, D(2026, 9, 9)
    )
    assert (m["possible"], m["missing_marks"], m["on_roll"]) == (8, 2, True)


# ------------------------------------------------------------------ 4. leavers

# Mon 7 Sep - Fri 6 Nov 2026, 45 school days.  L: present 20 days, then N for 10 days
# (Mon 5 - Fri 16 Oct), then no rows: taken off roll after the run.  R: N every Friday
# for 6 weeks (12 sessions), 48 of 60 = 80 %, then no rows after Fri 16 Oct.  P present.
LEAVERS = {
    "L": " ".join(["/\\"] * 20 + ["N"] * 10),
    "R": " ".join((["/\\"] * 4 + ["N"]) * 6),
    "P": " ".join(["/\\"] * 45),
}


def test_a_leaver_has_left_on_and_no_current_run():
    ev = evaluate(register(LEAVERS), NO_CONFIG)
    assert ev.as_of == D(2026, 11, 6)
    lv = pupil(ev, "L")
    assert (lv["on_roll"], lv["left_on"]) == (False, D(2026, 10, 16))
    assert (lv["continuous_absence_days"], lv["left_after_absence_days"]) == (0, 10)
    assert (lv["possible"], lv["attended"], lv["band"]) == (60, 40, "red")  # 66.67 %
    assert (lv["can_miss_sessions"], lv["next_band"]) == (None, None)
    (run,) = ev.runs.filter((pl.col("upn") == "L") & (pl.col("kind") == "unexplained")).rows(
        named=True
    )
    assert (run["start"], run["end"], run["days"], run["current"], run["left_on"]) == (
        D(2026, 10, 5), D(2026, 10, 16), 10, False, D(2026, 10, 16)
    )


def test_check_keeps_leavers_out_of_band_and_notice_groups_but_lists_the_one_who_left_after_n():
    result = check_register(register(LEAVERS), NO_CONFIG)
    rows = {r["upn"]: r for r in result.pupils.iter_rows(named=True)}
    # L: left straight after 10 days of N: the absence group, never "current"
    assert rows["L"]["groups"] == ["absence"]
    assert rows["L"]["reason_absence"] == (
        "left 16/10/2026 after 10 school days of unexplained absence (N); last attended "
        "02/10/2026: check the deletion was lawful and the LA was told"
    )
    # R: 80 % (red) with 12 N in 10 school weeks (threshold met), but gone: no action
    assert (rows["R"]["band"], rows["R"]["pn_threshold_met"]) == ("red", True)
    assert rows["R"]["groups"] == [] and rows["R"]["pn_next_notice"] is None
    assert result.leavers.get_column("upn").sort().to_list() == ["L", "R"]


def test_cme_lists_a_leaver_after_a_run_as_left_not_absent(tmp_path):
    export = write_long(tmp_path / "reg.csv", register(LEAVERS))
    code, out, err = run_cli("cme", export, "-f", "json")
    assert code == 0, err
    (run,) = json.loads(out)["runs"]
    assert (run["upn"], run["run_days"], run["current"], run["status"], run["left_on"]) == (
        "L", 10, False, "left", "2026-10-16"
    )
    code, out, _ = run_cli("cme", export, width=80)
    assert "LEFT 16/10/26" in out and "ABSENT" not in out
    said = " ".join(out.split())
    assert "left 16/10/2026 after 10 school days of unexplained absence: check the deletion" in said


# ------------------------------------------------------------------ 5. penalty notices


def test_no_notice_for_pupils_outside_compulsory_school_age():
    # 10 N sessions Mon 7 - Fri 11 Sep 2026 for each.  N1 (born 1 Jun 2022) is of
    # compulsory school age from 31 Aug 2027; S6 (born 1 Mar 2009) left it on Fri 27 Jun
    # 2025; Y7 (born 1 Oct 2014) is of it.  Only Y7's sessions count.
    reg = register(
        {"N1": "N " * 5, "S6": "N " * 5, "Y7": "N " * 5},
        dob={"N1": D(2022, 6, 1), "S6": D(2009, 3, 1), "Y7": D(2014, 10, 1)},
    )
    result = check_register(reg, NO_CONFIG)
    rows = {r["upn"]: r for r in result.pupils.iter_rows(named=True)}
    for u, want in (("N1", (0, False, None)), ("S6", (0, False, None))):
        r = rows[u]
        assert (r["pn_window_sessions"], r["pn_threshold_met"], r["pn_next_notice"]) == want
        assert "pn" not in r["groups"]
    assert rows["Y7"]["pn_threshold_met"] and rows["Y7"]["pn_next_notice"].startswith(
        "next notice: "
    )
    assert "pn" in rows["Y7"]["groups"]


def test_sessions_before_compulsory_school_age_never_count_toward_the_window():
    # Mon 7 Sep 2026 - Fri 8 Jan 2027 (holidays 26-30 Oct and 21 Dec - 1 Jan): 75 school
    # days.  R is 5 on 15 Oct 2026, so of compulsory school age from Thu 31 Dec 2026.  N on
    # Mon 14 - Fri 18 Dec (10 sessions, before it) and on Mon 4 Jan (2, after it).  The
    # 10 school weeks to Fri 8 Jan: w/c 12 Oct .. w/c 4 Jan; 2 sessions count, not 12.
    holidays = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)] + [
        D(2026, 12, 21) + dt.timedelta(days=i) for i in range(12)
    ]
    marks = ["/\\"] * 65 + ["N"] * 5 + ["N"] + ["/\\"] * 4
    reg = register({"R": " ".join(marks)}, holidays=holidays, dob={"R": D(2021, 10, 15)})
    ev = evaluate(reg, NO_CONFIG, as_of=D(2027, 1, 8))
    r = pupil(ev, "R")
    assert r["compulsory_school_age"] is True
    assert (r["pn_window_start"], r["pn_window_sessions"], r["pn_threshold_met"]) == (
        D(2026, 10, 12), 2, False
    )
    assert r["pn_first_met"] is None
    assert ev.pn_sessions.get_column("date").to_list() == [D(2027, 1, 4)] * 2


# July 2026: Mon 6 - Fri 17 Jul, N all of Mon 13 - Fri 17 Jul (10 sessions); then the new
# school year: Wed 2 Sep INSET ('#'), Thu 3 and Fri 4 Sep present.
JULY = {"A": " ".join(["/\\"] * 5 + ["N"] * 5)}


def _july_then_september(inset: bool) -> pl.DataFrame:
    july = register(JULY, start=D(2026, 7, 6))
    sept = register({"A": ("# " if inset else "") + "/\\ /\\"}, start=D(2026, 9, 2 if inset else 3))
    return pl.concat([july, sept]).with_columns(pl.int_range(pl.len()).alias("line") + 2)


@pytest.mark.parametrize("inset", [True, False])
def test_before_the_first_school_day_the_window_is_the_ten_weeks_before_and_pupils_listed(inset):
    # As of Wed 2 Sep (before the year's first school day): the window is the school weeks
    # before it (w/c 6 and 13 Jul): 10 sessions, met.  It was met before the period began,
    # so it is met from the period's start, Tue 1 Sep: never after the as-of date (the old
    # code said 3 Sep with the INSET row, and listed nobody without it).
    ev = evaluate(_july_then_september(inset), NO_CONFIG, as_of=D(2026, 9, 2))
    a = pupil(ev, "A")
    assert (a["pn_window_start"], a["pn_window_sessions"], a["pn_threshold_met"]) == (
        D(2026, 7, 6), 10, True
    )
    assert a["pn_first_met"] == D(2026, 9, 1)
    assert a["pn_window_end"] == D(2026, 9, 2) and a["on_roll"] is True
    assert (a["possible"], a["band"]) == (0, None)


@pytest.mark.parametrize("inset", [True, False])
def test_the_first_date_met_does_not_move_as_the_as_of_date_goes_on(inset):
    # A's July window was met on Tue 1 Sep (the 10 school weeks before it hold its 10 N
    # sessions).  As of Fri 4 Sep the window is w/c 6 Jul, 13 Jul and 31 Aug: still met
    # (the N are within it), first met 1 Sep.  Once the N week leaves the window (here: a
    # 10-week window shrunk to 1, the week of the as-of date alone) the threshold is not
    # met today but was met on 1 Sep: the first date stays (it was "3 Sep" as of a day
    # after the first school day, and none once the window moved on).
    reg = _july_then_september(inset)
    a = pupil(evaluate(reg, NO_CONFIG, as_of=D(2026, 9, 4)), "A")
    assert (a["pn_threshold_met"], a["pn_first_met"]) == (True, D(2026, 9, 1))
    one_week = parse_config("[penalty_notice]\nweeks = 1")
    a = pupil(evaluate(reg, one_week, as_of=D(2026, 9, 4)), "A")
    # (the window from the week's first school day, Thu 3 Sep: sweep rules3)
    assert (a["pn_window_start"], a["pn_window_sessions"]) == (D(2026, 9, 3), 0)
    assert (a["pn_threshold_met"], a["pn_first_met"]) == (False, D(2026, 9, 1))


# ------------------------------------------------------------------ 6. corrections


def _weekly(tmp_path: Path, name: str, days: int, changes: dict[tuple[dt.date, str], str]):
    """A's register from Mon 7 Sep, ``days`` school days, present but for ``changes``."""
    rows = [
        {"upn": "A1", "date": d, "session": s, "mark": changes.get((d, s), "/")}
        for d in school_days(D(2026, 9, 7), days)
        for s in ("AM", "PM")
    ]
    return write_long(tmp_path / name, register_rows(rows))


TUE_AM = (D(2026, 9, 8), "AM")


@pytest.mark.parametrize("order", ["in order", "reversed"])
def test_a_later_export_corrects_an_n_in_either_order(tmp_path, order):
    # week 1's export (7-11 Sep) has N for Tue 8 Sep AM; week 2's (7-18 Sep, ends later)
    # codes it I.  The I counts, the correction is listed.
    w1 = _weekly(tmp_path, "w1.csv", 5, {TUE_AM: "N"})
    w2 = _weekly(tmp_path, "w2.csv", 10, {TUE_AM: "I"})
    files = [w1, w2] if order == "in order" else [w2, w1]
    loaded = load_registers(files)
    assert loaded.corrections.select("upn", "date", "session", "was", "now", "file").rows() == [
        ("A1", D(2026, 9, 8), "AM", "N", "I", str(w2))
    ]
    tue = loaded.register.filter((pl.col("date") == TUE_AM[0]) & (pl.col("session") == "AM"))
    assert tue.get_column("mark").to_list() == ["I"]
    ev = evaluate(loaded.register, NO_CONFIG)
    assert (pupil(ev, "A1")["authorised"], pupil(ev, "A1")["unauthorised"]) == (1, 0)


def test_a_later_export_with_no_row_where_an_earlier_has_a_mark_is_a_conflict(tmp_path):
    """sweep6 case3: week 1-2's export (7-18 Sep) has A1 on N 14-18 Sep; the later export
    (7-25 Sep) holds A1 with rows to Fri 11 Sep only (the MIS now has them leaving then),
    and holds those days (B1's rows).  The earlier N counted silently (10 unauthorised
    sessions, severe, a penalty notice's threshold) where a wide export of the same later
    register, with blank cells, was refused: the same disagreement, never guessed
    (DOMAIN.md 12).  Refused in one line, naming the pupil, the days and both files.  A
    not-possible mark (an INSET day's #) the later export leaves out changes no figure."""
    def rows(upn: str, days: int, marks: dict) -> list[dict]:
        return [
            {"upn": upn, "date": d, "session": s, "mark": marks.get(d, "/")}
            for d in school_days(D(2026, 9, 7), days)
            for s in ("AM", "PM")
        ]

    week2 = school_days(D(2026, 9, 14), 5)
    early = write_long(
        tmp_path / "w12.csv",
        register_rows(rows("A1", 10, dict.fromkeys(week2, "N")) + rows("B1", 10, {})),
    )
    late = write_long(tmp_path / "w13.csv", register_rows(rows("A1", 5, {}) + rows("B1", 15, {})))
    with pytest.raises(InputError) as exc:
        load_registers([early, late])
    assert str(exc.value) == (
        f"{late} has no row for 1 pupil on days it holds where the earlier export {early} "
        "has their marks (10 sessions, e.g. A1 14/09/2026 AM 'N' in line 12; A1's rows "
        "there run 07/09/2026 to 11/09/2026): their time on roll or marks differ between the exports. Correct the "
        "export that is wrong (a leaving date changed in the MIS since the earlier one was "
        "made?), or load only one export for these dates"
    )
    # an INSET day (#) the later export leaves out for A1: no figure changes, no conflict
    early = write_long(
        tmp_path / "w12.csv",
        register_rows(rows("A1", 10, dict.fromkeys(week2, "#")) + rows("B1", 10, {})),
    )
    assert load_registers([early, late]).register.filter(pl.col("upn") == "A1").height == 20


def test_two_later_exports_that_agree_correct_an_n_together(tmp_path):
    """sweep6 case2: week 1's export (7-11 Sep) has N for Tue 8 Sep AM; two exports of 7-18
    Sep both code it I (one as Arbor's sub-code I01).  Which of the two later exports is
    the later could not be told, so it was refused as a conflict, though they agree: the
    correction is theirs, the I counted once.  Tied exports that disagree stay a conflict."""
    w1 = _weekly(tmp_path, "w1.csv", 5, {TUE_AM: "N"})
    w2 = _weekly(tmp_path, "w2.csv", 10, {TUE_AM: "I"})
    w3 = _weekly(tmp_path, "w3.csv", 10, {TUE_AM: "I01"})
    loaded = load_registers([w1, w2, w3])
    assert loaded.corrections.select("upn", "date", "session", "was", "now", "file").rows() == [
        ("A1", D(2026, 9, 8), "AM", "N", "I", str(w2))
    ]
    ev = evaluate(loaded.register, NO_CONFIG)
    assert (pupil(ev, "A1")["possible"], pupil(ev, "A1")["authorised"]) == (20, 1)
    # two later exports that disagree (I and M over the N) cannot be told apart
    w4 = _weekly(tmp_path, "w4.csv", 10, {TUE_AM: "M"})
    with pytest.raises(InputError) as exc:
        load_registers([w1, w2, w4])
    assert "these exports all end on" not in str(exc.value)  # (three files, two ends)
    assert "conflicting marks" in str(exc.value)


@pytest.mark.parametrize(
    ("week1", "week2", "days2"),
    [
        ("I", "N", 10),  # a later N over a final code
        ("N", "I", 5),  # both exports end on the same day: which is later?
        ("/", "I", 10),  # not an N: a disagreement, never guessed
        # a later export's no-mark over an N: it took the N away as a "correction" (N -> -),
        # and with it an unauthorised session (a penalty notice, a CME run)
        ("N", "-", 10),
        ("/", "-", 10),  # ... or over any mark
    ],
)
def test_every_other_disagreement_stays_a_conflict(tmp_path, week1, week2, days2):
    w1 = _weekly(tmp_path, "w1.csv", 5, {TUE_AM: week1})
    w2 = _weekly(tmp_path, "w2.csv", days2, {TUE_AM: week2})
    with pytest.raises(InputError) as exc:
        load_registers([w1, w2])
    # (the second case's exports both end Fri 11 Sep: the hint says they cannot be ordered)
    # (the hint a sentence: "These exports all end ...; a later export", or "A later export")
    lead = (
        "These exports all end on 11/09/2026, so which is later cannot be told; a"
        if days2 == 5
        else "A"
    )
    assert str(exc.value) == (
        "1 session has conflicting marks (the same pupil, date and session with different "
        f"marks):\n  A1 SurnameA1, ForenameA1, 08/09/2026 AM: '{week1}' in {w1} line 4; "
        f"'{week2}' in {w2} line 4. {lead} later export (one whose data ends later) may only "
        "replace an earlier export's N or fill in a session it left unmarked; correct the "
        "export that is wrong, or load only one export for these dates"
    )


@pytest.mark.parametrize(("week1", "week2"), [("-", "I"), ("", "/"), ("-", "N")])
def test_a_later_export_fills_in_a_session_an_earlier_one_left_unmarked(tmp_path, week1, week2):
    # week 1's export was made before Tue 8 Sep AM's register was taken ('-', or a blank
    # cell); week 2's has the mark: the later export fills it in, listed as a correction
    # (it refused every such session as a conflict: the routine Friday-afternoon export)
    w1 = _weekly(tmp_path, "w1.csv", 5, {TUE_AM: week1})
    w2 = _weekly(tmp_path, "w2.csv", 10, {TUE_AM: week2})
    loaded = load_registers([w2, w1])
    assert loaded.corrections.select("date", "session", "was", "now", "file", "was_file").rows() == [
        (D(2026, 9, 8), "AM", "-", week2, str(w2), str(w1))
    ]
    tue = loaded.register.filter((pl.col("date") == TUE_AM[0]) & (pl.col("session") == "AM"))
    assert tue.get_column("mark").to_list() == [week2]
    assert any("filled in" in w for w in loaded.warnings), loaded.warnings


# ------------------------------------------------------------------ 7. closure weeks


def test_a_week_closed_by_snow_is_not_a_school_week_and_does_not_end_the_half_term():
    # Mon 7 - Fri 25 Sep 2026, no term dates: week 2 (14-18 Sep) every session Y4 (site
    # closed).  X is late twice in week 1 and twice in week 3: 4 in one half term.
    snow = ["Y4.Y4"] * 5
    reg = register(
        {
            "X": " ".join(["L\\", "L\\"] + ["/\\"] * 3 + snow + ["L\\", "L\\"] + ["/\\"] * 3),
            "Y": " ".join(["/\\"] * 5 + snow + ["/\\"] * 5),
        }
    )
    ev = evaluate(reg, NO_CONFIG)
    assert [(h.name, h.start, h.end) for h in ev.calendar.half_terms] == [
        ("Autumn 1", D(2026, 9, 7), D(2026, 9, 25))
    ]
    assert ev.calendar.school_weeks == (D(2026, 9, 7), D(2026, 9, 21))
    assert ev.calendar.closure_weeks == (D(2026, 9, 14),)
    assert (pupil(ev, "X")["lates_half_term"], pupil(ev, "X")["lates_flag"]) == (4, True)
    # a planned closure ('#' all week) is a holiday: it ends the half term
    planned = register(
        {"X": " ".join(["L\\", "L\\"] + ["/\\"] * 3 + ["#"] * 5 + ["L\\", "L\\"] + ["/\\"] * 3)}
    )
    ev = evaluate(planned, NO_CONFIG)
    assert [h.name for h in ev.calendar.half_terms] == ["Autumn 1", "Autumn 2"]
    assert pupil(ev, "X")["lates_half_term"] == 2


def test_a_week_of_missing_marks_only_is_a_school_week_not_a_holiday_or_a_closure():
    # Mon 7 - Fri 25 Sep 2026, no term dates: week 2 (14-18 Sep) has a row for every
    # session but no mark in it ('-': no mark recorded), for both pupils.  '-' is a
    # register opened and not completed (DOMAIN.md 1): the school had those sessions, so
    # week 2 is a school week (DOMAIN.md 5, 10), neither a holiday that ends the half term
    # nor a closure.  (It was a holiday: a week of '-' stretched the penalty-notice window
    # to 11 weeks and split the half term, dropping X's lates before it.)  A closure
    # week needs 3 days whose marks are half or more Y codes: 0 of 0 is not "half or more".
    reg = register(
        {
            "X": " ".join(
                ["L\\", "L\\"] + ["/\\"] * 3 + ["-"] * 5 + ["L\\", "L\\"] + ["/\\"] * 3
            ),
            "Y": " ".join(["/\\"] * 5 + ["-"] * 5 + ["/\\"] * 5),
        }
    )
    ev = evaluate(reg, NO_CONFIG)
    assert ev.calendar.school_weeks == (D(2026, 9, 7), D(2026, 9, 14), D(2026, 9, 21))
    assert ev.calendar.closure_weeks == ()
    assert [(h.name, h.start, h.end) for h in ev.calendar.half_terms] == [
        ("Autumn 1", D(2026, 9, 7), D(2026, 9, 25))
    ]
    x = pupil(ev, "X")
    assert (x["lates_half_term"], x["lates_flag"], x["missing_marks"]) == (4, True, 10)
    assert x["possible"] == 20  # the '-' sessions are still left out of possible


def test_a_few_pupils_missing_marks_on_a_day_the_school_was_shut_make_no_school_day():
    # Wed 9 Sep 2026 is an INSET day ('#') for 3 of 4 pupils, and one pupil's register
    # shows '-' that day: 1 of 4 on roll is not more than half, so the day is no school
    # day (the '-' is the pupil's missing mark, the others get no missing row); a day on
    # which 3 of 4 have '-' and one has no row at all is the school's: that pupil has a
    # missing row.
    week = ["/\\", "/\\", "#", "/\\", "/\\"]
    odd = ["/\\", "/\\", "-", "/\\", "/\\"]
    reg = register(
        {"A": " ".join(odd), "B": " ".join(week), "C": " ".join(week), "D": " ".join(week)}
    )
    ev = evaluate(reg, NO_CONFIG)
    assert D(2026, 9, 9) not in ev.calendar.school_days
    assert [pupil(ev, u)["missing_marks"] for u in "ABCD"] == [2, 0, 0, 0]
    none = ["/\\", "/\\", "!", "/\\", "/\\"]
    reg = register(
        {"A": " ".join(odd), "B": " ".join(odd), "C": " ".join(odd), "D": " ".join(none)}
    )
    ev = evaluate(reg, NO_CONFIG)
    assert D(2026, 9, 9) in ev.calendar.school_days
    assert [pupil(ev, u)["missing_marks"] for u in "ABCD"] == [2, 2, 2, 2]


def test_a_form_s_last_afternoon_not_in_the_export_is_a_missing_row_not_a_silent_loss():
    # Mon 7 - Fri 11 Sep 2026, the export made on Friday at 2 pm: B's form has no row
    # for Fri PM (its register not yet taken), A's has.  B is on roll (marked that day);
    # the afternoon is a missing row in the data-quality list, left out of possible as
    # every missing mark is (it was left out silently, as if B left at noon).  C's last
    # mark is Thursday: C left, as before.
    reg = register(
        {
            "A": " ".join(["/\\"] * 5),
            "B": " ".join(["/\\"] * 4 + ["/!"]),
            "C": " ".join(["/\\"] * 4 + ["!"]),
        }
    )
    ev = evaluate(reg, NO_CONFIG)
    b, c = pupil(ev, "B"), pupil(ev, "C")
    assert (b["possible"], b["missing_marks"], b["on_roll"]) == (9, 1, True)
    assert (c["possible"], c["missing_marks"], c["on_roll"]) == (8, 0, False)
    assert ev.data_quality.select("kind", "upn", "date", "session").rows() == [
        ("missing_row", "B", D(2026, 9, 11), "PM")
    ]


# ------------------------------------------------------------------ 8. the data-quality list


def test_an_n_is_stale_after_five_school_days():
    # Mon 7 - Mon 21 Sep 2026 (11 school days).  N on Mon 7 AM and Fri 11 PM.  As of Fri
    # 18 Sep: 9 school days after 7 Sep (stale), exactly 5 after 11 Sep (not yet: seed 000
    # allows 5).  As of Mon 21 Sep the 11 Sep N is 6 school days old: stale.
    reg = register({"A": "N\\ " + "/\\ " * 3 + "/N " + "/\\ " * 6})
    at18 = evaluate(reg, NO_CONFIG, as_of=D(2026, 9, 18)).data_quality
    assert at18.select("kind", "date", "session", "detail").rows() == [
        ("stale_n", D(2026, 9, 7), "AM", "N, 9 school days old")
    ]
    at21 = evaluate(reg, NO_CONFIG, as_of=D(2026, 9, 21)).data_quality
    assert at21.select("date", "detail").rows() == [
        (D(2026, 9, 7), "N, 10 school days old"),
        (D(2026, 9, 11), "N, 6 school days old"),
    ]


def test_an_n_s_age_counts_the_school_days_of_a_week_no_export_holds():
    # Term dates: Autumn 1 is Mon 7 Sep - Fri 23 Oct 2026.  A: present, N every session of
    # Mon 5 - Fri 9 Oct, and the exports hold no row for 12-16 Oct (a week the school had,
    # by its term dates: the coverage names it).  As of Fri 23 Oct the N of Fri 9 Oct is
    # 10 school days old (12-16 and 19-23 Oct): stale, as are all 10 N sessions.  Counted
    # in the exports' days alone it was 5 days old, and the N marks of 9 Oct went unlisted.
    config = parse_config(
        '[[calendar.half_terms]]\nname = "Autumn 1"\nstart = 2026-09-07\nend = 2026-10-23\n'
    )
    marks = "/\\ " * 20 + "N " * 5 + "! " * 5 + "/\\ " * 5
    reg = register({"A": marks, "B": marks.replace("N ", "/\\ ")})
    ev = evaluate(reg, config, as_of=D(2026, 10, 23))
    assert not ev.coverage.covers_period  # the missing week is said
    stale = ev.data_quality.filter(pl.col("kind") == "stale_n")
    assert stale.height == 10
    assert stale.filter(pl.col("date") == D(2026, 10, 9)).get_column("detail").to_list() == [
        "N, 10 school days old", "N, 10 school days old"
    ]


def test_a_stale_n_of_last_school_year_in_the_penalty_notice_window_is_listed():
    # Summer 2 to Fri 17 Jul 2026, Autumn 1 from Thu 3 Sep (the summer holiday: no school
    # days).  As of Fri 4 Sep the penalty-notice window reaches back to July (DOMAIN.md 5),
    # and counts its N marks: the stale ones are data-quality problems as this year's are
    # (DOMAIN.md 12), their age in school days across the summer.  CAI: N 13-17 Jul and
    # 3-4 Sep; 13 Jul is 6 school days old (14-17 Jul, 3, 4 Sep): stale, 14 Jul 5: not.
    # OLD: N 6-10 Jul, 11 to 7 days old: stale.  The check listed none (0 problems).
    # The period's own list (cme, la-return, a band letter: the year to date) is unchanged.
    from builders import across
    from school import ROLLOVER_HALF_TERMS

    config = parse_config(ROLLOVER_HALF_TERMS)
    reg = across(
        (D(2026, 7, 6), {"CAI": "/ " * 5 + "N " * 5, "OLD": "N " * 5 + "/ " * 5,
                         "FINE": "/ " * 10}),
        (D(2026, 9, 3), {"CAI": "N N", "OLD": "N N", "FINE": "/ /"}),
    )  # fmt: skip
    result = check_register(reg, config, as_of=D(2026, 9, 4))
    stale = result.data_quality.filter(pl.col("kind") == "stale_n")
    last_year = "last school year, counted in the penalty-notice window"
    assert stale.select("upn", "date", "session", "detail").rows() == [
        ("CAI", D(2026, 7, 13), "AM", f"N, 6 school days old: {last_year}"),
        ("CAI", D(2026, 7, 13), "PM", f"N, 6 school days old: {last_year}"),
        *[
            ("OLD", D(2026, 7, 6) + dt.timedelta(days=i), s, f"N, {11 - i} school days old: {last_year}")
            for i in range(5)
            for s in ("AM", "PM")
        ],
    ]
    from attcli.quality import summary_lines

    assert summary_lines(stale) == [
        ("N codes older than 5 school days (replace with the reason)", 12, [
            "CAI: 2 sessions, 13/07/2026 (last school year: counted in the "
            "penalty-notice window)",
            "OLD: 10 sessions, 06/07/2026 to 10/07/2026 (last school year: counted in the "
            "penalty-notice window)",
        ]),
    ]  # fmt: skip
    assert result.evaluation.data_quality.height == 0


def _present_around_a_holiday_week(pupils: int) -> tuple[list[dt.date], list[dict]]:
    """Pupils P00, P01, ... present every session of Mon 7 - Fri 11 and Mon 21 - Fri 25
    Sep 2026 (the week of 14 Sep a holiday): the ten school days and their rows."""
    days = school_days(D(2026, 9, 7), 10, [D(2026, 9, 14) + dt.timedelta(days=i) for i in range(5)])
    rows = [
        {"upn": f"P{i:02d}", "date": d, "session": s, "mark": "/"}
        for i in range(pupils)
        for d in days
        for s in ("AM", "PM")
    ]
    return days, rows


def test_a_stray_day_makes_no_school_week_and_no_missing_rows():
    # 20 pupils, Mon 7 - Fri 11 and Mon 21 - Fri 25 Sep 2026 (w/c 14 Sep a holiday); P00
    # alone has a mark on Wed 16 Sep AM: 1 of the 20 on roll.  The day is not a school day
    # (the holiday week stays a holiday, the two half terms stay two, nobody gets missing
    # rows); P00's mark still counts for P00.
    days, rows = _present_around_a_holiday_week(20)
    rows.append({"upn": "P00", "date": D(2026, 9, 16), "session": "AM", "mark": "/"})
    ev = evaluate(register_rows(rows), NO_CONFIG)
    assert ev.calendar.school_weeks == (D(2026, 9, 7), D(2026, 9, 21))
    assert len(ev.calendar.half_terms) == 2
    assert ev.data_quality.select("kind", "upn", "date", "detail").rows() == [
        (
            "stray_day",
            None,
            D(2026, 9, 16),
            "only 1 of the 20 pupils on roll has marks: not taken as a school day (the "
            "marks of P00: check their date in the MIS, a mistyped date or a register opened "
            "on a holiday)",
        )
    ]
    assert pupil(ev, "P00")["possible"] == 21 and pupil(ev, "P01")["possible"] == 20
    assert pupil(ev, "P01")["missing_marks"] == 0


@pytest.mark.parametrize(
    ("pm_pupils", "stray"),
    [
        # AM: P00-P05 (6 pupils); PM: the same six less one: 6 pupils that day, 60 < 100
        (range(0, 5), True),
        # PM: five others, P06-P10: 11 pupils that day, 110 >= 100
        (range(6, 11), False),
    ],
)
def test_a_day_is_stray_by_the_pupils_marked_that_day_not_the_marks(pm_pupils, stray):
    # 100 pupils, Mon 7 - Fri 11 and Mon 21 - Fri 25 Sep 2026 (w/c 14 Sep a holiday); on
    # Wed 16 Sep six pupils have an AM mark and five a PM mark.  Stray when fewer than 1 in
    # 10 of the 100 on roll have a mark that day (DOMAIN.md 12): 6 distinct pupils is
    # stray (6 * 10 < 100), 11 is not (110 >= 100), though both days hold 11 marks and
    # each session at most 6 (issue 15 counts a day's pupils from its sessions' counts
    # where those settle it, and exactly where they do not).
    days, rows = _present_around_a_holiday_week(100)
    wed = D(2026, 9, 16)
    rows += [{"upn": f"P{i:02d}", "date": wed, "session": "AM", "mark": "/"} for i in range(6)]
    rows += [{"upn": f"P{i:02d}", "date": wed, "session": "PM", "mark": "/"} for i in pm_pupils]
    ev = evaluate(register_rows(rows), NO_CONFIG)
    found = ev.data_quality.filter(pl.col("kind") == "stray_day").select("date", "detail").rows()
    if stray:
        assert found == [
            (
                wed,
                "only 6 of the 100 pupils on roll have marks: not taken as a school day (the "
                "marks of P00, P01, P02, P03, P04 and 1 more: check their date in the MIS, a "
                "mistyped date or a register opened on a holiday)",
            )
        ]
        assert ev.calendar.school_days == tuple(days)
    else:
        assert found == []
        assert wed in ev.calendar.school_days


def test_check_shows_the_data_quality_list_and_json_lists_it_all(tmp_path):
    export = write_long(
        tmp_path / "reg.csv",
        register({"B": "/\\ -\\ /\\ /- " + " ".join(["/\\"] * 6), "A": " ".join(["/\\"] * 10)}),
    )
    code, out, err = run_cli("check", export, "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["data_quality"] == [
        {
            "kind": "missing_mark",
            "upn": "B",
            "date": "2026-09-08",
            "session": "AM",
            "detail": f"'-' (no mark recorded) in {export} line 4",
        },
        {
            "kind": "missing_mark",
            "upn": "B",
            "date": "2026-09-10",
            "session": "PM",
            "detail": f"'-' (no mark recorded) in {export} line 9",
        },
    ]
    assert doc["corrections"] == []
    by_upn = {p["upn"]: p for p in doc["pupils"]}
    assert (by_upn["B"]["missing_marks"], by_upn["B"]["left_on"]) == (2, None)
    code, out, _ = run_cli("check", export, width=80)
    assert "Data quality: 2 problems in the register to fix in the MIS" in out
    assert "missing marks (no mark recorded while on roll): 2" in out
    assert "SurnameB, ForenameB (B): 2 sessions, 08/09/2026 to 10/09/2026" in out


# --- a pupil list's dates decide the time on roll, marks included (DOMAIN.md 1) ---------

#: From Mon 7 Sep 2026, 30 school days (to Fri 16 Oct).  LEFT is present for 25 days, then
#: N for the last 5 (12-16 Oct): the pupil list says LEFT left on Fri 9 Oct.  JOIN has O for
#: the first 5 days (7-11 Sep) and is present after: the list says JOIN joined on Mon 14
#: Sep.  STAY is present throughout and is listed from 7 Sep.
ROLL_LIST = {
    "LEFT": " ".join(["/\\"] * 25 + ["N"] * 5),
    "JOIN": " ".join(["O"] * 5 + ["/\\"] * 25),
    "STAY": " ".join(["/\\"] * 30),
}
LISTED = pl.DataFrame(
    {
        "school": [None, None, None],
        "upn": ["LEFT", "JOIN", "STAY"],
        "joined": [D(2026, 9, 7), D(2026, 9, 14), D(2026, 9, 7)],
        "left": [D(2026, 10, 9), None, None],
    },
    schema={"school": pl.Utf8, "upn": pl.Utf8, "joined": pl.Date, "left": pl.Date},
)


def write_listed(path: Path, *, gender: bool = False, late: bool = False) -> None:
    """:data:`LISTED` as a pupil-list CSV: UPN, names, a Gender column (``gender``: LEFT and
    STAY F, JOIN M) and the joining and leaving dates; ``late`` adds LATE, joining on Tue
    20 Oct 2026."""
    rows = [("LEFT", "F", "07/09/2026", "09/10/2026"), ("JOIN", "M", "14/09/2026", ""),
            ("STAY", "F", "07/09/2026", "")] + ([("LATE", "F", "20/10/2026", "")] if late else [])  # fmt: skip
    head = "UPN,Surname,Forename," + ("Gender," if gender else "") + "Admission Date,Leaving Date"
    path.write_text(
        "\n".join(
            [head]
            + [f"{u},Surname{u},Forename{u}," + (f"{g}," if gender else "") + f"{j},{lv}"
               for u, g, j, lv in rows]  # fmt: skip
        )
        + "\n",
        encoding="utf-8",
    )


def test_marks_outside_the_time_on_roll_a_pupil_list_gives_are_not_counted_and_are_listed():
    """Without the list the marks decide: LEFT 50/60 (83.33 %, 10 unauthorised), JOIN
    50/60 (10 unauthorised).  With it, LEFT left on 9 Oct: the 10 N sessions after it are
    outside the time on roll, not possible (DOMAIN.md 1), so LEFT is 50/50 and has left
    on 9 Oct; JOIN joined on 14 Sep: the 10 O sessions before it are not possible either,
    50/50.  Nothing is dropped unsaid: each of those 20 marks is in the data-quality list,
    with the date the list gives."""
    bare = evaluate(register(ROLL_LIST), NO_CONFIG)
    assert [(r["upn"], r["possible"], r["attended"], r["unauthorised"])
            for r in bare.pupils.sort("upn").iter_rows(named=True)] == [
        ("JOIN", 60, 50, 10), ("LEFT", 60, 50, 10), ("STAY", 60, 60, 0),
    ]  # fmt: skip
    ev = evaluate(register(ROLL_LIST), NO_CONFIG, roll_dates=LISTED)
    rows = {r["upn"]: r for r in ev.pupils.iter_rows(named=True)}
    assert (rows["LEFT"]["possible"], rows["LEFT"]["attended"], rows["LEFT"]["unauthorised"]) == (
        50, 50, 0
    )
    assert (rows["LEFT"]["on_roll"], rows["LEFT"]["left_on"]) == (False, D(2026, 10, 9))
    assert (rows["JOIN"]["possible"], rows["JOIN"]["attended"], rows["JOIN"]["unauthorised"]) == (
        50, 50, 0
    )
    assert (rows["STAY"]["possible"], rows["STAY"]["attended"]) == (60, 60)
    outside = ev.data_quality.filter(pl.col("kind") == "outside_roll")
    assert outside.height == 20
    assert outside.group_by("upn").len().sort("upn").rows() == [("JOIN", 10), ("LEFT", 10)]
    first = outside.filter(pl.col("upn") == "LEFT").sort("date", "session").row(0, named=True)
    assert (first["date"], first["session"]) == (D(2026, 10, 12), "AM")
    assert first["detail"] == "'N' in test line 52, after the leaving date 09/10/2026 in the pupil list: not counted"
    join = outside.filter(pl.col("upn") == "JOIN").sort("date", "session").row(0, named=True)
    assert join["detail"] == "'O' in test line 62, before the joining date 14/09/2026 in the pupil list: not counted"
    # no N after the leaving date is left to chase (stale N), and no missing row is made
    assert ev.data_quality.filter(pl.col("kind").is_in(["stale_n", "missing_row"])).height == 0


def test_check_with_a_pupil_list_lists_the_marks_outside_its_dates(tmp_path, monkeypatch):
    """The command line: `check --pupils` reads the dates, the JSON lists the 20 marks
    outside them, the terminal says what they are and that they are not counted."""
    monkeypatch.chdir(tmp_path)
    write_long_csv(register(ROLL_LIST), tmp_path / "export.csv")
    write_listed(tmp_path / "pupils.csv")
    code, out, err = run_cli("check", "export.csv", "--pupils", "pupils.csv", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    outside = [d for d in doc["data_quality"] if d["kind"] == "outside_roll"]
    assert len(outside) == 20
    assert outside[0] == {
        "kind": "outside_roll", "upn": "JOIN", "date": "2026-09-07", "session": "AM",
        "detail": "'O' in export.csv line 62, before the joining date 14/09/2026 in the "
        "pupil list: not counted",
    }  # fmt: skip
    figures = {p["upn"]: (p["possible"], p["attended"]) for p in doc["pupils"]}
    assert figures == {"LEFT": (50, 50), "JOIN": (50, 50), "STAY": (60, 60)}
    code, out, err = run_cli("check", "export.csv", "--pupils", "pupils.csv", width=100)
    assert code == 0, err
    said = " ".join(out.split())
    assert "marks outside the time on roll the pupil list gives (not counted)" in said
    assert "SurnameLEFT, ForenameLEFT (LEFT): 10 sessions, 12/10/2026 to 16/10/2026" in said


def test_report_and_summary_take_the_time_on_roll_from_the_pupil_list(tmp_path, monkeypatch):
    """The report and the summary give check's figures: the pupil list's dates decide the
    time on roll there too (DOMAIN.md 1).  With the list, LEFT 50/50, JOIN 50/50 and STAY
    60/60: 160 sessions of 160, 100 %, no pupil persistently absent.  They used to read the
    list for cohorts only and count the 20 sessions outside its dates: 160 of 180, 88.9 %,
    and LEFT and JOIN (83.3 %) persistently absent."""
    monkeypatch.chdir(tmp_path)
    write_long_csv(register(ROLL_LIST), tmp_path / "export.csv")
    write_listed(tmp_path / "pupils.csv", gender=True)
    (tmp_path / "attcli.toml").write_text('[school]\nname = "Test School"\nurn = "100001"\n')
    code, out, err = run_cli("summary", "export.csv", "--pupils", "pupils.csv", "-o", "s.json")
    assert code == 0, err
    totals = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["totals"]
    assert (totals["possible"], totals["attended"], totals["unauthorised"], totals["pa"]) == (
        160, 160, 0, 0
    )
    code, out, err = run_cli("report", "export.csv", "--pupils", "pupils.csv", "-o", "r.xlsx")
    assert code == 0, err
    from openpyxl import load_workbook

    summary = load_workbook(tmp_path / "r.xlsx")["Summary"]
    headline = {row[0]: row[1:4] for row in summary.iter_rows(min_row=5, max_row=7, values_only=True)}
    assert headline == {
        "Attendance": (1, 160, 160),  # (100 %: a fraction of 1, sweep looks11)
        "Persistent absence": (0, 0, 3),
        "Severe absence": (0, 0, 3),
    }


def test_pupil_and_evidence_take_the_time_on_roll_from_the_pupil_list(tmp_path, monkeypatch):
    """A pupil's record and the evidence pack for a penalty notice give check's figures:
    with the pupil list, JOIN joined on 14 Sep and the 10 O sessions before it are not
    sessions (DOMAIN.md 1): 50/50, no unauthorised absence, so there is no threshold met
    to pack (check, given the list, flags nothing).  Without the list the 10 O sessions
    are JOIN's first 10 of the 10 weeks to 16 Oct, 10 unauthorised: the threshold is met.
    They took no pupil list, so a pack could be built on sessions check did not count."""
    monkeypatch.chdir(tmp_path)
    make_workspace(tmp_path)
    write_long_csv(register(ROLL_LIST), tmp_path / "export.csv")
    write_listed(tmp_path / "pupils.csv")
    contacts_file(tmp_path / "contacts.csv", [("JOIN", "C1", "Mrs", "Jo", "SurnameJOIN")])
    code, out, err = run_cli("pupil", "JOIN", "export.csv", width=100)
    assert code == 0, err
    assert "50 of 60" in " ".join(out.split())
    code, out, err = run_cli("pupil", "LEFT", "export.csv", "--pupils", "pupils.csv", width=100)
    assert code == 0, err
    said = " ".join(out.split())  # the list's leaving date: the last day on roll
    assert "Not on roll on the last school day: on roll to 09/10/2026 (left, or not yet back)" in said
    assert "Outside the time on roll the pupil list gives: 10 marks, 12/10/2026 to 16/10/2026" in said
    code, out, err = run_cli("pupil", "JOIN", "export.csv", "--pupils", "pupils.csv", width=100)
    assert code == 0, err
    said = " ".join(out.split())
    assert "50 of 50" in said and "50 of 60" not in said
    assert "Outside the time on roll the pupil list gives: 10 marks, 07/09/2026 to 11/09/2026, not counted" in said
    pack = ("evidence", "JOIN", "export.csv", "--contacts", "contacts.csv", "--for",
            "penalty-notice", "--format", "json", "-o", "pack.json")  # fmt: skip
    code, out, err = run_cli(*pack)
    assert "threshold is not met" not in " ".join(err.split())
    code, out, err = run_cli(*pack, "--pupils", "pupils.csv", "--force")
    assert code == 1
    assert "the threshold is not met: 0 unauthorised sessions" in " ".join(err.split())
    # a notice recorded covers the sessions check counts: none of the O before joining
    record = ("pn", "record", "JOIN", "export.csv", "--parent", "C1", "--contacts",
              "contacts.csv", "--date", "16/10/2026")  # fmt: skip
    code, out, err = run_cli(*record, "--pupils", "pupils.csv")
    assert code == 0, err
    assert "it covers 0 unauthorised sessions of the window 07/09/2026 to 16/10/2026" in out
    assert "fewer than the threshold of 10" in " ".join(err.split())


def test_a_pupil_the_check_does_not_list_keeps_their_data_quality_items(tmp_path, monkeypatch):
    """Never hide a problem in the data: a pupil who is in no list of the check still has
    their problems listed.  B is in the export with only blank cells (no mark at all:
    ``no_marks``); LATE's pupil list says they joined on Tue 20 Oct, after the data ends
    (Fri 16 Oct), so none of their 60 marks is in their time on roll (``outside_roll``,
    not counted).  Neither is on roll in the period, so neither is a pupil of the check;
    their items were dropped with them (the list showed only the items of the pupils
    shown, which is what --year-group needs), and the check said nothing of B or LATE."""
    blank = " ".join(["_"] * 30)
    marks = {**ROLL_LIST, "LATE": ROLL_LIST["STAY"], "B": blank}
    listed = pl.concat(
        [LISTED, pl.DataFrame({"school": [None], "upn": ["LATE"], "joined": [D(2026, 10, 20)],
                               "left": [None]}, schema=LISTED.schema)]  # fmt: skip
    )
    result = check_register(register(marks), NO_CONFIG, roll_dates=listed)
    assert "LATE" not in result.pupils.get_column("upn").to_list()
    found = result.data_quality.group_by("kind", "upn").len().sort("kind", "upn").rows()
    assert found == [
        ("no_marks", "B", 1),
        ("outside_roll", "JOIN", 10),
        ("outside_roll", "LATE", 60),
        ("outside_roll", "LEFT", 10),
    ]
    # on the command line: in the JSON, and said on the terminal
    monkeypatch.chdir(tmp_path)
    write_long_csv(register(marks), tmp_path / "export.csv")
    write_listed(tmp_path / "pupils.csv", late=True)  # (B listed would be on roll)
    code, out, err = run_cli("check", "export.csv", "--pupils", "pupils.csv", "-f", "json")
    assert code == 0, err
    kinds = [(d["kind"], d["upn"]) for d in json.loads(out)["data_quality"]]
    assert kinds.count(("outside_roll", "LATE")) == 60 and ("no_marks", "B") in kinds
    code, out, err = run_cli("check", "export.csv", "--pupils", "pupils.csv", width=100)
    said = " ".join(out.split())
    assert "SurnameLATE, ForenameLATE (LATE): 60 sessions, 07/09/2026 to 16/10/2026" in said
    assert "SurnameB, ForenameB (B)" in said
    # asked for by UPN, they are not "not in the exports": what the exports hold is said
    code, out, err = run_cli("pupil", "LATE", "export.csv", "--pupils", "pupils.csv")
    assert (code, " ".join(err.split())) == (1, "error: pupil 'LATE' has no session on roll this "
        "school year up to 16/10/2026: 60 marks in the exports, all outside the time on roll "
        "the pupil list gives (not counted)")  # fmt: skip
    code, out, err = run_cli("pupil", "B", "export.csv")
    assert (code, " ".join(err.split())) == (1, "error: pupil 'B' has no session on roll this "
        "school year up to 16/10/2026: in the exports with no mark at all (only blank cells)")  # fmt: skip


def test_year_group_keeps_the_data_quality_items_of_its_own_pupils_only():
    """--year-group shows the items of that year's pupils, listed in the check or not: B7
    (year 7) and B8 (year 8) have no mark at all; the check of year 7 shows B7's, not
    B8's, and the check of year 8 the other way round."""
    blank = " ".join(["_"] * 10)
    present = " ".join(["/\\"] * 10)
    reg = pl.concat(
        [
            register({"A7": present, "B7": blank}, year_group="7"),
            register({"A8": present, "B8": blank}, year_group="8"),
        ]
    )
    for year, shown in (("7", "B7"), ("8", "B8"), (None, None)):
        result = check_register(reg, NO_CONFIG, year_group=year)
        got = result.data_quality.select("kind", "upn").rows()
        assert got == ([("no_marks", shown)] if shown else [("no_marks", "B7"), ("no_marks", "B8")])


def test_a_missing_row_inside_the_listed_time_on_roll_is_found_beside_marks_outside_it():
    """JOIN2 has O for 7-11 Sep (before the joining date the list gives, 14 Sep), then no
    row at all on Wed 16 Sep, and is present on the other days.  The school took registers
    that day (STAY is marked), so JOIN2's two sessions are missing rows (DOMAIN.md 1).  The
    10 rows outside the time on roll used to be counted as rows of it: 58 rows for 50
    sessions, so none looked missing."""
    marks = " ".join(["O"] * 5 + ["/\\"] * 2 + ["!"] + ["/\\"] * 22)
    reg = register({"JOIN2": marks, "STAY": " ".join(["/\\"] * 30)})
    listed = LISTED.with_columns(pl.col("upn").replace("JOIN", "JOIN2"))
    ev = evaluate(reg, NO_CONFIG, roll_dates=listed)
    missing = ev.data_quality.filter(pl.col("kind") == "missing_row")
    assert missing.select("upn", "date", "session").rows() == [
        ("JOIN2", D(2026, 9, 16), "AM"), ("JOIN2", D(2026, 9, 16), "PM"),
    ]  # fmt: skip
    join2 = ev.pupils.filter(pl.col("upn") == "JOIN2").row(0, named=True)
    assert (join2["possible"], join2["attended"], join2["missing_marks"]) == (48, 48, 2)


def test_a_penalty_notice_window_reaching_back_before_the_exports_says_so():
    # Exports from Thu 3 Sep (term dates: Autumn 1 from Wed 2 Sep, INSET). On Fri 9 Oct the
    # 10 school weeks up to it are the 6 of this term (w/c 31 Aug .. 5 Oct) and 4 of last
    # summer term, which the exports do not hold (DOMAIN.md 5: the window spans the summer
    # holiday): a pupil's sessions then are not counted, and the check says so.
    half_term = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    days = school_days(D(2026, 9, 3), 47, half_term)  # Thu 3 Sep .. Fri 13 Nov
    assert days[-1] == D(2026, 11, 13) and D(2026, 11, 2) in days  # (INSET 2 Nov: '#' below)
    rows = [
        {
            "upn": upn,
            "date": d,
            "session": s,
            # P: O on the 5 days Mon 14 - Fri 18 Sep (10 sessions)
            "mark": "#" if d == D(2026, 11, 2) else
            "O" if upn == "P" and D(2026, 9, 14) <= d <= D(2026, 9, 18) else
            ("/" if s == "AM" else "\\"),
        }
        for upn in ("P", "Q")
        for d in days
        for s in ("AM", "PM")
    ]
    reg = register_rows(rows)
    ev = evaluate(reg, CONFIG, as_of=D(2026, 10, 9))
    assert ev.pn_window_weeks == {"": 6}
    assert ev.warnings == [
        "penalty-notice window: the exports hold 6 of the 10 school weeks up to 09/10/2026 "
        "(from 03/09/2026); unauthorised sessions in the 4 school weeks before are not "
        "counted: give the exports of those weeks too (the end of last school year) to count "
        "the whole window"
    ]
    result = check_register(reg, CONFIG, as_of=D(2026, 10, 9))
    reason = result.pupils.filter(pl.col("upn") == "P").get_column("reason_pn").item()
    assert reason.startswith(
        "10 unauthorised sessions in the 6 school weeks 03/09/2026 to 09/10/2026 (first met "
        "18/09/2026)"
    )
    assert result.warnings[-1].startswith("penalty-notice window: the exports hold 6 of the 10")
    # Fri 13 Nov: w/c 31 Aug .. 19 Oct, 2 Nov and 9 Nov (the half-term week is no school
    # week) are the 10 school weeks: the window is whole, nothing to say
    whole = evaluate(reg, CONFIG, as_of=D(2026, 11, 13))
    assert whole.pn_window_weeks == {"": 10} and whole.warnings == []
    # Fri 6 Nov: 9 school weeks in the exports, one before them
    assert evaluate(reg, CONFIG, as_of=D(2026, 11, 6)).pn_window_weeks == {"": 9}
    # Fri 30 Oct (in the holiday): the 8 school weeks that ended before it
    assert evaluate(reg, CONFIG, as_of=D(2026, 10, 30)).pn_window_weeks == {"": 8}


def test_a_run_reaching_the_end_of_a_register_that_ends_before_the_as_of_date_stays_flagged():
    # The export ends Fri 11 Dec; the check is as of Fri 18 Dec (5 weekdays later: allowed).
    # RUN: N on the last 9 days (Tue 1 - Fri 11 Dec), last attended Mon 30 Nov. Not
    # current (nobody can say they are still absent), but nobody can say they came back:
    # the absence group keeps them, as cme lists them "data ends". BACK: 4 days N, then
    # in school: not flagged (3 is the safe-and-well day, but the run ended).
    days = school_days(D(2026, 11, 23), 15)  # Mon 23 Nov .. Fri 11 Dec
    assert days[-1] == D(2026, 12, 11)
    marks = {
        "RUN": "/\\ " * 6 + "N " * 9,
        "BACK": "/\\ " * 6 + "N " * 4 + "/\\ " * 5,
        "FINE": "/\\ " * 15,
    }
    reg = register(marks, start=D(2026, 11, 23))
    result = check_register(reg, NO_CONFIG, as_of=D(2026, 12, 18), period_start=D(2026, 11, 23))
    absent = result.members("absence")
    assert absent.get_column("upn").to_list() == ["RUN"]
    assert absent.get_column("reason_absence").item() == (
        "9 school days of unexplained absence since 01/12/2026 (N) to 11/12/2026, the end of "
        "the data: not known since; last attended 30/11/2026"
    )
    # as of the data's last day the run is current, with its usual reason
    now = check_register(reg, NO_CONFIG, period_start=D(2026, 11, 23)).members("absence")
    assert now.get_column("reason_absence").to_list() == [
        "9 school days of unexplained absence since 01/12/2026 (N); last attended 30/11/2026"
    ]


def test_the_end_of_the_data_is_the_registers_last_day_not_the_pupils_last_mark():
    # The export ends Wed 11 Nov; the check is as of Fri 13 Nov.  DASH: N Tue 3 - Tue 10
    # Nov (6 days), no mark ('-') on Wed 11 Nov: the run's last day is 10 Nov, but the data
    # ends 11 Nov (the reason read "to 10/11/2026, the end of the data"); and DASH has no
    # mark on that day, said too (docs/decisions.md, "A run followed by days with no mark").
    # RUN: N to the end.
    days = school_days(D(2026, 11, 2), 8)  # Mon 2 .. Wed 11 Nov
    assert days[-1] == D(2026, 11, 11)
    reg = register(
        {"DASH": "/\\ " + "N " * 6 + "-", "RUN": "/\\ " + "N " * 7, "FINE": "/\\ " * 8},
        start=D(2026, 11, 2),
    )
    result = check_register(reg, NO_CONFIG, as_of=D(2026, 11, 13), period_start=D(2026, 11, 2))
    reasons = dict(result.members("absence").select("upn", "reason_absence").rows())
    assert reasons == {
        "DASH": "6 school days of unexplained absence since 03/11/2026 (N) to 10/11/2026; the "
        "data ends 11/11/2026: not known since; last attended 02/11/2026; no mark since "
        "10/11/2026 (1 school day with no register for this pupil: find out where the child "
        "is)",
        "RUN": "7 school days of unexplained absence since 03/11/2026 (N) to 11/11/2026, the "
        "end of the data: not known since; last attended 02/11/2026",
    }


def test_days_since_the_register_count_weekdays_after_the_last_term_dates_given():
    # CONFIG gives Autumn 1 and 2 of 2026/27 only.  The register ends Fri 18 Dec.
    from attcli.coverage import days_since_data

    # Mon 2 Nov (INSET) ... : inside the term dates, their school days; today not counted
    assert days_since_data(CONFIG, D(2026, 10, 30), D(2026, 11, 17)) == (10, "school days")
    # nothing is known of 2027 from this config: weekdays (it counted none: every day after
    # the last half term given was a holiday, so last year's export was never "old")
    # Mon 21 Dec .. Sun 30 May: 23 weeks, 115 weekdays, and Mon 31 May (1 Jun is today)
    assert days_since_data(CONFIG, D(2026, 12, 18), D(2027, 6, 1)) == (
        116, "weekdays (after the last term dates given)"
    )
    # Fri 11 and Mon 14 - Fri 18 Dec: 6 school days; Mon 21 and Tue 22 Dec: 2 weekdays
    assert days_since_data(CONFIG, D(2026, 12, 10), D(2026, 12, 23)) == (
        8, "school days and weekdays (after the last term dates given)"
    )
    assert days_since_data(NO_CONFIG, D(2026, 12, 18), D(2027, 1, 4)) == (10, "weekdays")


def test_the_short_window_note_knows_the_framework_and_which_weeks_are_missing():
    # Exports from Mon 2 Sep 2024: the window's missing weeks are July 2024's, before the
    # national framework (19 Aug 2024): nothing in them counts, nothing to say (it said
    # so, reading the week before 2 Sep as a missing school week).
    reg = register({"A": "/\\ " * 10}, start=D(2024, 9, 2))
    assert evaluate(reg, NO_CONFIG, as_of=D(2024, 9, 13)).warnings == []
    # a spring export alone (from Mon 4 Jan 2027): the missing weeks are this year's autumn
    spring = register({"A": "/\\ " * 10}, start=D(2027, 1, 4))
    (note,) = evaluate(spring, NO_CONFIG, period_start=D(2027, 1, 4)).warnings
    assert note.endswith(
        "give the exports of those weeks too (the weeks before 04/01/2027) to count the "
        "whole window"
    ), note


def test_a_gap_of_a_few_days_at_the_start_says_how_to_list_inset_days():
    # term dates from Wed 2 Sep with no INSET listed; the register starts Fri 4 Sep: Wed 2
    # and Thu 3 were INSET days (no register exists for them), and the line said only to
    # export the register from 01/09
    cfg = parse_config(
        '[[calendar.half_terms]]\nname = "Autumn 1"\nstart = 2026-09-02\nend = 2026-10-23\n'
    )
    ev = evaluate(register({"A": "/\\ " * 10}, start=D(2026, 9, 4)), cfg)
    assert ev.coverage.line().endswith(
        "(if the school had no sessions on those days, INSET days or a closure, list them "
        "in [calendar] inset_days)"
    )
    assert "no register from 02/09/2026 to 03/09/2026 (2 school days)" in ev.coverage.line()


def test_marks_of_a_few_pupils_on_configured_holidays_are_not_the_school_s():
    # Autumn 1 to Fri 23 Oct, Autumn 2 from Mon 2 Nov (INSET): half term 26-30 Oct.  Ten
    # pupils, in school every day; a holiday club Mon 26 - Wed 28 Oct with P8 (N: booked,
    # did not come) and P9 ('/').  2 of 10 on roll marked: not the school's sessions.  P8's
    # N were 6 unauthorised sessions and the half-term week a school week; a club of 3+
    # days stopped the check ("a half term is missing").
    club = [D(2026, 10, 26), D(2026, 10, 27), D(2026, 10, 28)]
    days = school_days(D(2026, 10, 12), 15, [D(2026, 10, 29), D(2026, 10, 30), D(2026, 11, 2)])
    assert days[:10] == [d for d in days if d < D(2026, 10, 26)] and club == days[10:13]
    rows = [
        {"upn": f"P{i}", "date": d, "session": s,
         "mark": ("N" if i == 8 else "/") if d in club else ("/" if s == "AM" else "\\")}
        for i in range(10)
        for d in days
        if d not in club or i in (8, 9)
        for s in ("AM", "PM")
    ]  # fmt: skip
    reg = register_rows(rows)
    ev = evaluate(reg, CONFIG, as_of=D(2026, 11, 4), period_start=D(2026, 10, 12))
    p8 = pupil(ev, "P8")
    # 12-23 Oct (10 days) and 3-4 Nov (2): 24 sessions, all attended; the club's not counted
    assert (p8["possible"], p8["attended"], p8["unauthorised"]) == (24, 24, 0)
    assert ev.calendar.school_weeks == (D(2026, 10, 12), D(2026, 10, 19), D(2026, 11, 2))
    held = ev.data_quality.filter(pl.col("kind") == "holiday_marks")
    assert held.select("date", "detail").rows() == [
        (d, "2 of the 10 pupils on roll have marks on a day the term dates make no school "
            "day: not counted")
        for d in club
    ]  # fmt: skip
    assert not ev.data_quality.filter(pl.col("kind") == "missing_row").height
    # the whole school marked on those days: open, the term dates wrong there (as before)
    everyone = register_rows(
        [{"upn": f"P{i}", "date": d, "session": s, "mark": "/"}
         for i in range(10) for d in days for s in ("AM", "PM")]
    )  # fmt: skip
    with pytest.raises(ConfigError, match="a half term is missing"):
        evaluate(everyone, CONFIG, as_of=D(2026, 11, 4), period_start=D(2026, 10, 12))


def test_school_days_between_two_exports_are_a_gap_inside_the_term():
    # Autumn term dates; one export ends Wed 11 Nov, the next starts Mon 16 Nov: Thu 12 and
    # Fri 13 Nov are school days no export holds.  They went unnoticed ("complete", bands
    # given, a CME run cut short); they are a gap like a missing week.
    days = [d for d in school_days(D(2026, 11, 3), 14) if d not in (D(2026, 11, 12), D(2026, 11, 13))]
    assert (days[0], days[-1], len(days)) == (D(2026, 11, 3), D(2026, 11, 20), 12)
    rows = [
        {"upn": u, "date": d, "session": s,
         "mark": "O" if u == "C" and d >= D(2026, 11, 9) else ("/" if s == "AM" else "\\")}
        for u in ("A", "C")
        for d in days
        for s in ("AM", "PM")
    ]  # fmt: skip
    ev = evaluate(register_rows(rows), CONFIG, as_of=D(2026, 11, 20), period_start=D(2026, 11, 3))
    assert [g.to_json() for g in ev.coverage.gaps] == [
        {"kind": "missing_days", "start": "2026-11-12", "end": "2026-11-13", "school_days": 2}
    ]
    line = ev.coverage.line()
    assert "no register from 12/11/2026 to 13/11/2026 (2 school days), in the autumn term" in line
    assert "export the register for the missing days too" in line
    assert pupil(ev, "A")["band"] is None
    # C: O from Mon 9 Nov, 8 school days seen round the two: up to 10
    from attcli.cme import cme_runs

    assert cme_runs(ev, 10).select("upn", "run_days", "unregistered_days").rows() == [("C", 8, 2)]


def test_a_closed_first_week_after_a_holiday_starts_the_next_half_term():
    # No term dates.  School Mon 30 Nov - Fri 18 Dec 2026, Christmas 21 Dec - 1 Jan, Mon 4 -
    # Fri 8 Jan closed by snow (Y1 all week), school again from Mon 11 Jan.  X is late 4
    # times in December.  As of Fri 8 Jan the half term is Spring 1 (from 4 Jan: a closure
    # does not end a half term, and this one began the term): 0 lates this half term
    # (the closed week was left in Autumn 2, whose 4 lates flagged X again).
    holidays = [D(2026, 12, 21) + dt.timedelta(days=i) for i in range(14)]
    late = "L\\ " * 4 + "/\\ " * 11
    snow = "Y1.Y1 " * 5
    reg = register(
        {"X": late + snow + "/\\ " * 5, "Y": "/\\ " * 15 + snow + "/\\ " * 5},
        start=D(2026, 11, 30),
        holidays=holidays,
    )
    ev = evaluate(reg, NO_CONFIG, as_of=D(2027, 1, 8))
    assert (ev.half_term.name, ev.half_term.start) == ("Spring 1", D(2027, 1, 4))
    assert (pupil(ev, "X")["lates_half_term"], pupil(ev, "X")["lates_flag"]) == (0, False)
    # (the exports begin after October's half term: December's half term is Autumn 2,
    # tests/test_sweep_calendar.py)
    assert [(h.name, h.start, h.end) for h in ev.calendar.half_terms] == [
        ("Autumn 2", D(2026, 11, 30), D(2026, 12, 18)),
        ("Spring 1", D(2027, 1, 4), D(2027, 1, 15)),
    ]


# ------------------------------------------------------------------ bank holidays

# 2025/26 summer term dates as schools write them: the early May bank holiday (Mon 4 May
# 2026) inside Summer 1, not listed as an INSET day; the spring bank holiday (Mon 25 May)
# in the half-term week.
SUMMER_2026 = term_dates(
    ("Summer 1", "2026-04-13", "2026-05-22"), ("Summer 2", "2026-06-01", "2026-07-21")
)
MAY4 = D(2026, 5, 4)
#: the summer's first day, stated as the period's start (--from): the config gives only the
#: summer half terms, so from 1 September the year is not covered (weekdays the config
#: does not give: test_term_dates_from_the_summer_only_do_not_make_a_summer_register_the_year)
APR13 = D(2026, 4, 13)


def test_a_bank_holiday_after_the_data_is_no_school_day_it_has_no_register_for():
    # Mon 13 Apr - Fri 1 May 2026: 15 school days.  As of Mon 4 May, the bank holiday:
    # nothing is missing (it said "no register from 04/05/2026 to 04/05/2026 (1 school
    # day) after the data ends").
    reg = register({"P": "/\\ " * 15}, start=D(2026, 4, 13))
    ev = evaluate(reg, SUMMER_2026, period_start=APR13, as_of=MAY4)
    assert ev.coverage.complete and ev.coverage.line() is None
    # as of Tue 5 May, that day only
    (gap,) = evaluate(reg, SUMMER_2026, period_start=APR13, as_of=D(2026, 5, 5)).coverage.gaps
    assert (gap.kind, gap.start, gap.end, gap.school_days) == ("after_data", D(2026, 5, 5), D(2026, 5, 5), 1)


def test_days_since_the_register_leave_out_a_bank_holiday():
    from attcli.coverage import days_since_data

    # data ends Fri 1 May; today Tue 12 May: Mon 4 (bank holiday) - Mon 11 May: 5 school
    # days (Tue 5 - Fri 8, Mon 11), not 6
    assert days_since_data(SUMMER_2026, D(2026, 5, 1), D(2026, 5, 12)) == (5, "school days")


def test_the_sessions_left_this_year_leave_out_a_bank_holiday():
    # As of Fri 1 May (the data's end): Tue 5 - Fri 22 May is 14 school days (Mon 4 May
    # the bank holiday; 25-29 May the half term), 1 - 30 June 22, 1 - 21 July 15: 51 days,
    # 102 sessions (104 before: the bank holiday was two of them).
    # Q joins Thu 16 Apr (blank before: not on roll) and is present every session since:
    # 22 of 22.  Staying green (>= 92 %) with k more missed of the 102 left:
    # (22 + 102 - k) / (22 + 102) >= 0.92 -> k <= 124 - 114.08 = 9.92 -> 9 (with 104
    # left: k <= 126 - 115.92 = 10.08 -> 10).
    reg = register(
        {"P": "/\\ " * 15, "Q": "__ " * 4 + "/\\ " * 11}, start=D(2026, 4, 13)
    )
    ev = evaluate(reg, SUMMER_2026, period_start=APR13)
    assert ev.calendar.remaining_sessions(D(2026, 5, 1), SUMMER_2026) == 102
    q = pupil(ev, "Q")
    assert (q["attended"], q["possible"], q["band"], q["can_miss_sessions"]) == (22, 22, "green", 9)


def test_a_week_missing_round_a_bank_holiday_monday_is_its_four_school_days():
    # Mon 13 Apr - Fri 22 May 2026, no row at all in the week of Mon 4 May (the bank
    # holiday): the missing week is Tue 5 - Fri 8 May, 4 school days (it was 04/05 to
    # 08/05, 5), and W's absence either side of it has 4 unregistered days in it.
    week = [MAY4 + dt.timedelta(days=i) for i in range(5)]
    days = school_days(D(2026, 4, 13), 25, week)  # 13 Apr - 1 May, 11 - 22 May
    assert days[-1] == D(2026, 5, 22)
    marks = " ".join("N" if D(2026, 4, 27) <= d <= D(2026, 5, 15) else "/\\" for d in days)
    reg = register({"W": marks, "P": "/\\ " * 25}, start=D(2026, 4, 13), holidays=week)
    ev = evaluate(reg, SUMMER_2026, period_start=APR13)
    assert [g.to_json() for g in ev.coverage.gaps] == [
        {"kind": "missing_week", "start": "2026-05-05", "end": "2026-05-08", "school_days": 4}
    ]
    assert "no register for the week 05/05/2026 to 08/05/2026 (4 school days)" in ev.coverage.line()
    # the missing week is a school week all the same (a penalty-notice window across it
    # counts it): 13 Apr .. 18 May, six Mondays
    assert D(2026, 5, 4) in ev.calendar.school_weeks and MAY4 not in ev.calendar.school_days


def test_a_school_open_on_a_bank_holiday_keeps_its_marks():
    # the register has marks for everyone on Mon 4 May (the school opened): the data
    # decides, the day is a school day and counts; no data-quality item, nothing missing
    # Mon 13 Apr - Mon 4 May: 16 days with marks; A is absent (N) on the 4th
    reg = register({"P": "/\\ " * 16, "A": "/\\ " * 15 + "N"}, start=D(2026, 4, 13))
    ev = evaluate(reg, SUMMER_2026, period_start=APR13)
    assert MAY4 in ev.calendar.school_days and ev.period_end == MAY4
    assert ev.coverage.complete
    assert (pupil(ev, "P")["possible"], pupil(ev, "A")["unauthorised"]) == (32, 2)
    assert not ev.data_quality.filter(pl.col("kind").is_in(["holiday_marks", "outside_term"])).height


def test_the_check_names_the_pupils_who_left(tmp_path):
    # GONE's rows end Fri 18 Sep (taken as having left); the last line named nobody
    reg = register({"STAY": "/\\ " * 10, "GONE": "/\\ " * 5}, start=D(2026, 9, 14))
    export = write_long(tmp_path / "r.csv", reg)
    code, out, err = run_cli("check", export, "--as-of", "2026-09-25", width=200)
    assert code == 0, err
    assert (
        "1 pupil left the roll in the period (counted in the bands to the day they left; "
        "no action listed for them): SurnameGONE, ForenameGONE GONE (left 18/09/2026)."
        in " ".join(out.split())
    )
    # the bands count the leaver (as the national figures do) and say so: "red 6" beside
    # a red group of 5 read wrong
    assert "no band (incomplete data) 2 (1 left)" in " ".join(out.split())


def test_a_band_count_says_how_many_of_it_left(tmp_path):
    # Mon 14 Sep - Fri 25 Sep: STAY 20/20; RED 17/20 = 85 %, red; GONE 8/10 = 80 % to
    # Fri 18 Sep, red, and left: the red group lists RED alone, the count is 2 (1 left)
    reg = register(
        {"STAY": "/\\ " * 10, "RED": "/\\ " * 8 + "N /N", "GONE": "/\\ " * 4 + "N"},
        start=D(2026, 9, 14),
    )
    export = write_long(tmp_path / "r.csv", reg)
    code, out, err = run_cli(
        "check", export, "--as-of", "2026-09-25", "--from", "2026-09-14", width=200
    )
    assert code == 0, err
    assert "Bands: green 1 | amber 0 | red 2 (1 left) | severe 0" in out
    # the red group lists RED; GONE is named once, among the leavers
    assert "SurnameRED, ForenameRED" in out and out.count("SurnameGONE") == 1


def test_one_child_under_a_temporary_and_a_permanent_upn_is_said():
    # Gus joined under a temporary UPN (ends in a letter); from Mon 21 Sep the MIS gives him
    # his permanent one: two pupils, the first "left" on Fri 18 Sep.  Said (it was not:
    # two pupils with the same name and date of birth, one green from a week's data).
    temp, perm = "A99920101001A", "A999201010017"
    rows = [
        {"upn": temp if d < D(2026, 9, 21) else perm, "date": d, "session": s, "mark": "/",
         "surname": "Filler", "forename": "Gus", "dob": D(2019, 5, 1)}
        for d in school_days(D(2026, 9, 7), 15)
        for s in ("AM", "PM")
    ] + [
        {"upn": "B1", "date": d, "session": s, "mark": "/", "surname": "Filler",
         "forename": "Ann", "dob": D(2019, 5, 1)}  # a twin: another forename, not said
        for d in school_days(D(2026, 9, 7), 15)
        for s in ("AM", "PM")
    ]  # fmt: skip
    from attcli.loaders import LoadResult

    loaded = LoadResult(register_rows(rows), [], [])
    loaded.take_compact()
    assert loaded.warnings == [
        "1 child under two UPNs or more (the same surname, forename and date of birth), "
        "counted as two pupils, e.g. 'Filler, Gus' born 01/05/2019: A99920101001A (a "
        "temporary UPN), 07/09/2026 to 18/09/2026 and A999201010017, 21/09/2026 to "
        "25/09/2026: if one child, give the exports one UPN (the permanent one); `attcli "
        "pupil merge A99920101001A A999201010017` moves letters and notices on record"
    ]


def test_two_upns_on_roll_from_the_same_day_are_named_in_upn_order_every_run():
    # One child entered twice on the same day (both UPNs from Mon 7 Sep): the UPNs tie on
    # their first day, and the note named them in whichever order a grouping gave (it
    # changed between two runs of the same 20,000-pupil check): the tie goes by UPN, and
    # the example child is the first by name, then date of birth, then school.
    rows = [
        {"upn": upn, "date": d, "session": s, "mark": "/", "surname": surname,
         "forename": "Gus", "dob": D(2019, 5, 1)}
        for upn, surname in (("Z999201010017", "Filler"), ("A999201010017", "Filler"),
                             ("M1", "Abbot"), ("C1", "Abbot"), ("B1", "Abbot"))
        for d in school_days(D(2026, 9, 7), 5)
        for s in ("AM", "PM")
    ]  # fmt: skip
    from attcli.loaders import LoadResult

    for _ in range(5):
        loaded = LoadResult(register_rows(rows), [], [])
        loaded.take_compact()
        assert loaded.warnings == [
            "2 children under two UPNs or more (the same surname, forename and date of "
            "birth), counted as separate pupils, e.g. 'Abbot, Gus' born 01/05/2019: B1, "
            "07/09/2026 to 11/09/2026 and C1, 07/09/2026 to 11/09/2026 and M1, 07/09/2026 "
            "to 11/09/2026: if one child, give the exports one UPN (the permanent one); "
            "`attcli pupil merge OLD NEW` (the old UPN, then the new) moves letters and "
            "notices on record"
        ]


def test_a_club_at_the_end_of_an_export_or_an_inset_day_at_its_start_is_set_aside():
    # Autumn 1 to Fri 23 Oct.  The export ends Tue 27 Oct, in half term: 2 of 10 pupils
    # marked Mon 26 and Tue 27 (a club).  On those days only the club's pupils' time on
    # roll reached them, so they were "all the pupils on roll": the days counted, and the
    # 8 others left the roll on 23 Oct (no band, no letter, no notice).  The pupils on roll
    # around a day count: 2 of 10, set aside.
    days = school_days(D(2026, 10, 12), 12)  # Mon 12 - Tue 27 Oct
    rows = [
        {"upn": f"P{i}", "date": d, "session": s, "mark": "/" if s == "AM" else "\\"}
        for i in range(10)
        for d in days
        if d < D(2026, 10, 26) or i < 2
        for s in ("AM", "PM")
    ]
    ev = evaluate(register_rows(rows), CONFIG, period_start=D(2026, 10, 12))
    assert ev.as_of == D(2026, 10, 23)
    assert ev.pupils.get_column("on_roll").to_list() == [True] * 10
    assert ev.data_quality.filter(pl.col("kind") == "holiday_marks").get_column("date").to_list() == [
        D(2026, 10, 26), D(2026, 10, 27)
    ]
    # the same at the start: 3 of 10 marked on INSET day Wed 2 Sep, the export's first day
    start = school_days(D(2026, 9, 2), 8)  # Wed 2 - Fri 11 Sep
    rows = [
        {"upn": f"P{i}", "date": d, "session": s, "mark": "N" if d == D(2026, 9, 2) else "/"}
        for i in range(10)
        for d in start
        if d > D(2026, 9, 2) or i < 3
        for s in ("AM", "PM")
    ]
    ev = evaluate(register_rows(rows), CONFIG, period_start=D(2026, 9, 1))
    assert (pupil(ev, "P0")["possible"], pupil(ev, "P0")["unauthorised"]) == (14, 0)


def test_an_inset_day_the_school_opened_on_is_said():
    # CONFIG lists Mon 2 Nov as an INSET day; every pupil is marked that day: the school was
    # open (the config is wrong there): counted, and said (it was neither)
    days = school_days(D(2026, 11, 2), 5)
    reg = register_rows(
        [{"upn": f"P{i}", "date": d, "session": s, "mark": "/"}
         for i in range(10) for d in days for s in ("AM", "PM")]
    )  # fmt: skip
    ev = evaluate(reg, CONFIG, period_start=D(2026, 11, 2))
    assert pupil(ev, "P0")["possible"] == 10
    said = ev.data_quality.filter(pl.col("kind") == "outside_term")
    assert said.get_column("date").to_list() == [D(2026, 11, 2)]


# Mon 19 - Fri 23 Oct, Mon 2 Nov (INSET in CONFIG), Tue 3 - Fri 13 Nov: 15 days in the
# data, 14 school days by the term dates (half term 26 - 30 Oct)
INSET_FRAME = school_days(D(2026, 10, 19), 15, [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)])
NOV2 = D(2026, 11, 2)


def _inset_register(real: int) -> pl.DataFrame:
    """20 pupils; on INSET Mon 2 Nov the first ``real`` have real marks (P00 and P01 N,
    the others '/') and the rest '#', as an MIS exports an INSET day.  P00 is N Tue 3 -
    Fri 6 Nov (8 sessions), P01 N Tue 3 - Fri 13 Nov (9 days); everyone else present."""

    def mark(i: int, d: dt.date) -> str:
        if d == NOV2:
            return ("N" if i < 2 else "/") if i < real else "#"
        if (i == 0 and d <= D(2026, 11, 6) or i == 1) and d > NOV2:
            return "N"
        return "/"

    return register_rows(
        [{"upn": f"P{i:02}", "date": d, "session": s, "mark": mark(i, d)}
         for i in range(20) for d in INSET_FRAME for s in ("AM", "PM")]
    )  # fmt: skip


@pytest.mark.parametrize("real", [0, 2, 10, 11])
def test_an_inset_day_s_closed_marks_do_not_make_the_day_a_school_day(real):
    # The pupils with marks on INSET Mon 2 Nov are those with a mark other than '#'
    # (school closed: what an INSET day should hold) and other than none.  2 of 20, or 10
    # (at most half): set aside.  The 18 '#' counted as marks: 20 of 20, the day a school
    # day, P00's N counted (it said 10 unauthorised, 30 possible: penalty-notice threshold
    # met) and P01's run 10 days.  11 of 20: the school was open, counted (as before).
    # Everyone '#' (0): nothing to set aside, nothing said; '#' is no possible session.
    from attcli.cme import cme_runs

    ev = evaluate(_inset_register(real), CONFIG, as_of=D(2026, 11, 13), period_start=D(2026, 10, 19))
    p0, p1 = pupil(ev, "P00"), pupil(ev, "P01")
    kinds = ev.data_quality.get_column("kind").to_list()
    assert "missing_row" not in kinds
    if real <= 10:
        # 19 - 23 Oct and 3 - 13 Nov: 14 days, 28 sessions; P00 absent 3 - 6 Nov: 8 N,
        # 20 attended; under the 10 of the penalty-notice threshold
        assert (p0["possible"], p0["attended"], p0["unauthorised"]) == (28, 20, 8)
        assert p0["pn_threshold_met"] is False
        assert p1["continuous_absence_days"] == 9 and cme_runs(ev, 10).height == 0
        assert NOV2 not in ev.calendar.school_days and "outside_term" not in kinds
        held = ev.data_quality.filter(pl.col("kind") == "holiday_marks")
        assert held.select("date", "detail").rows() == (
            [(NOV2, f"{real} of the 20 pupils on roll have marks on a day the term dates "
                    "make no school day: not counted")] if real else []
        )  # fmt: skip
    else:
        # 15 days, 30 sessions; P00's 2 N on 2 Nov count: 10, threshold met; P01 10 days
        assert (p0["possible"], p0["attended"], p0["unauthorised"]) == (30, 20, 10)
        assert p0["pn_threshold_met"] is True
        assert cme_runs(ev, 10).select("upn", "run_start", "run_days").rows() == [("P01", NOV2, 10)]
        said = ev.data_quality.filter(pl.col("kind") == "outside_term")
        assert said.get_column("date").to_list() == [NOV2]
        assert "holiday_marks" not in kinds


def test_marks_set_aside_on_a_holiday_do_not_decide_the_time_on_roll():
    # Mon 5 - Fri 23 Oct (15 days), half term 26 - 30 Oct, Mon 2 Nov INSET (no rows), Tue
    # 3 - Fri 13 Nov (9 days).  A holiday club on Mon 26 Oct marks P0, P1, LEAVER (last at
    # school Fri 16 Oct, N every day 5 - 16 Oct: 10 school days), JOINER (first at school
    # Mon 9 Nov) and CLUB (at the club only): 5 of 13 on roll that day (the 10, LEAVER,
    # JOINER and CLUB, their time on roll reaching it), set aside.  The set-aside marks
    # made the time on roll: LEAVER "left 26/10/2026" with missing rows 19 - 23 Oct,
    # JOINER missing rows 3 - 6 Nov, CLUB a pupil who left 26/10.  DOMAIN.md 1: the time
    # on roll runs from the first to the last counted mark.
    from attcli.cme import cme_runs

    club = D(2026, 10, 26)
    days = school_days(D(2026, 10, 5), 25, [D(2026, 10, 27) + dt.timedelta(days=i) for i in range(4)] + [NOV2])
    assert (days[14], days[15], days[16], days[-1]) == (D(2026, 10, 23), club, D(2026, 11, 3), D(2026, 11, 13))

    def mark(u: str, d: dt.date) -> str | None:
        if d == club:
            return "/" if u in ("P0", "P1", "LEAVER", "JOINER", "CLUB") else None
        if u == "LEAVER":
            return "N" if d <= D(2026, 10, 16) else None
        if u == "JOINER":
            return "/" if d >= D(2026, 11, 9) else None
        return None if u == "CLUB" else "/"

    upns = [f"P{i}" for i in range(10)] + ["LEAVER", "JOINER", "CLUB"]
    rows = [
        {"upn": u, "date": d, "session": s, "mark": mark(u, d)}
        for u in upns for d in days for s in ("AM", "PM") if mark(u, d) is not None
    ]  # fmt: skip
    ev = evaluate(register_rows(rows), CONFIG, as_of=D(2026, 11, 13), period_start=D(2026, 10, 5))
    leaver, joiner = pupil(ev, "LEAVER"), pupil(ev, "JOINER")
    # LEAVER: 5 - 16 Oct, 10 days, 20 sessions all N; left on the last of them
    assert (leaver["on_roll"], leaver["left_on"]) == (False, D(2026, 10, 16))
    assert (leaver["possible"], leaver["unauthorised"]) == (20, 20)
    # JOINER: Mon 9 - Fri 13 Nov, 5 days, 10 sessions, all attended
    assert (joiner["on_roll"], joiner["possible"], joiner["attended"]) == (True, 10, 10)
    # CLUB has no counted mark: never on the school's roll
    assert "CLUB" not in ev.pupils.get_column("upn").to_list()
    assert not ev.data_quality.filter(pl.col("kind") == "missing_row").height
    held = ev.data_quality.filter(pl.col("kind") == "holiday_marks")
    assert held.select("date", "detail").rows() == [
        (club, "5 of the 13 pupils on roll have marks on a day the term dates make no school "
               "day: not counted")
    ]  # fmt: skip
    # the CME run: 10 days, the pupil left straight after it (it said left 26/10)
    runs = cme_runs(ev, 10)
    assert runs.select("upn", "run_start", "run_end", "run_days", "status", "left_on").rows() == [
        ("LEAVER", D(2026, 10, 5), D(2026, 10, 16), 10, "left", D(2026, 10, 16))
    ]


def test_a_pupil_s_separate_problems_are_listed_as_separate_stretches():
    # two missing marks on Fri 20 Nov 2026 and a week of them Mon 1 - Fri 5 Mar 2027: one
    # line "12 sessions, 20/11/2026 to 05/03/2027" read as missing all along
    from attcli.quality import summary_lines

    days = [D(2026, 11, 20)] + [D(2027, 3, 1) + dt.timedelta(days=i) for i in range(5)]
    dq = pl.DataFrame(
        {
            "kind": "missing_mark", "school": "", "upn": "A",
            "date": [d for d in days for _ in (0, 1)], "session": ["AM", "PM"] * len(days),
            "detail": "blank",
        },
        schema={"kind": pl.Utf8, "school": pl.Utf8, "upn": pl.Utf8, "date": pl.Date,
                "session": pl.Utf8, "detail": pl.Utf8},
    )  # fmt: skip
    ((_, n, lines),) = summary_lines(dq)
    assert (n, lines) == (12, ["A: 12 sessions: 20/11/2026 (2); 01/03/2027 to 05/03/2027 (10)"])
    # single sessions apart: their dates
    one = dq.filter(pl.col("session") == "PM").head(3)
    ((_, _, lines),) = summary_lines(one)
    assert lines == ["A: 3 sessions, all PM: 20/11/2026; 01/03/2027 to 02/03/2027 (2)"]
