"""Faults found by a sweep of `attcli cme` and the CME parts of `attcli check` (DOMAIN.md 6).

The register (tests/builders.py) runs Mon 7 Sep to Fri 2 Oct 2026 (20 school days):
  week 1: 7 8 9 10 11   week 2: 14 15 16 17 18   week 3: 21 .. 25   week 4: 28 29 30 1 2
"""

from __future__ import annotations

import datetime as dt

from attcli.check import check_register, groups_for
from attcli.config import parse_config
from builders import register
from school import AUTUMN_HALF_TERMS

D = dt.date
START = D(2026, 9, 7)
P, N = "/\\", "N"


def marks(*parts: tuple[str, int]) -> str:
    return " ".join(tok for tok, n in parts for _ in range(n))


def absence(result) -> dict[str, str]:  # noqa: ANN001
    return dict(result.members("absence").select("upn", "reason_absence").rows())


def test_a_safe_and_well_day_above_the_cme_days_does_not_hide_a_run_at_the_cme_threshold():
    # [cme] days = 10, safe_and_well_days = 12 (a school that makes no day-3 visit and
    # set it high to leave it out).  As of Fri 2 Oct: TEN is absent (N) 10 school days
    # since Mon 21 Sep (21-25, 28 Sep-2 Oct), ELEVEN 11 since Fri 18 Sep: both at the
    # CME threshold, to tell the local authority (DOMAIN.md 6).  The check listed its
    # absence group from day 12, so neither was in it, under an action "CME referral at
    # 10 days".  It lists from the lower of the two days.
    config = parse_config(AUTUMN_HALF_TERMS + "\n[cme]\ndays = 10\nsafe_and_well_days = 12\n")
    reg = register(
        {
            "TEN": marks((P, 10), (N, 10)),
            "ELEVEN": marks((P, 9), (N, 11)),
            "NINE": marks((P, 11), (N, 9)),
            "FINE": marks((P, 20)),
        },
        start=START,
    )
    result = check_register(reg, config, as_of=D(2026, 10, 2))
    got = absence(result)
    assert sorted(got) == ["ELEVEN", "TEN"]
    assert got["TEN"] == (
        "10 school days of unexplained absence since 21/09/2026 (N): reached 10 school days, "
        "tell the local authority (children missing education); last attended "
        "18/09/2026"
    )
    title = {g.key: g.title for g in groups_for(config)}["absence"]
    assert title == "Continuous unexplained absence (10+ school days)"


def test_never_attended_is_not_said_of_the_year_when_the_exports_start_after_its_first_day():
    # The term dates start the school year on Mon 7 Sep; the export starts Mon 5 Oct
    # (a half-term export).  GONE has N on every school day of it, 5 Oct - 16 Oct (10
    # days).  Nothing says whether GONE attended in September: "last attended never this
    # year" (cme's own table says "not in data") was a confident answer attcli cannot
    # give.  It says what it knows: none in the exports, which start 05/10/2026.
    config = parse_config(AUTUMN_HALF_TERMS)
    reg = register({"GONE": marks((N, 10)), "FINE": marks((P, 10))}, start=D(2026, 10, 5))
    result = check_register(reg, config, as_of=D(2026, 10, 16))
    assert absence(result) == {
        "GONE": "10 school days of unexplained absence since 05/10/2026 (N): reached 10 "
        "school days, tell the local authority (children missing education); "
        "last attended "
        "none in the exports, which start 05/10/2026"
    }
    # from the school year's first school day, never in the exports is never this year
    full = register({"GONE": marks((N, 30)), "FINE": marks((P, 30))}, start=START)
    got = absence(check_register(full, config, as_of=D(2026, 10, 16)))
    assert got["GONE"].endswith("; last attended never this year")


def test_a_run_of_one_school_day_is_one_day_not_one_days():
    # A school acting on the first day (safe_and_well_days = 1, [cme] days = 1).  As of
    # Fri 2 Oct: ONE is absent (N) that day only (1 school day since 02/10); WENT had N on
    # Thu 1 Oct and left the roll after it (no row on Fri 2 Oct); BACK had N on Tue 29 Sep
    # only, after the compared check of Fri 25 Sep (a run of 1 day that reached [cme]
    # days).  The check said "1 school days", "reached 1 school days" and "CME referral
    # at 1 days".
    config = parse_config(
        AUTUMN_HALF_TERMS + "\n[cme]\ndays = 1\nsafe_and_well_days = 1\n"
    )
    reg = register(
        {
            "ONE": marks((P, 19), (N, 1)),
            "WENT": marks((P, 18), (N, 1), ("!", 1)),
            "BACK": marks((P, 16), (N, 1), (P, 3)),
            "FINE": marks((P, 20)),
        },
        start=START,
    )
    result = check_register(reg, config, as_of=D(2026, 10, 2))
    got = absence(result)
    assert got["ONE"] == (
        "1 school day of unexplained absence since 02/10/2026 (N): reached 1 school day, tell "
        "the local authority (children missing education); last attended "
        "01/10/2026"
    )
    assert got["WENT"].startswith("left 01/10/2026 after 1 school day of unexplained absence")
    assert got["BACK"].startswith(
        "1 school day of unexplained absence 29/09/2026 to 29/09/2026 (N), ended since the "
        "check as of 25/09/2026: reached 1 school day, tell the local authority"
    )
    action = {g.key: g.action for g in groups_for(config)}["absence"]
    assert action == "safe and well check; CME referral at 1 school day"
    # and the default reads as before
    assert {g.key: g.action for g in groups_for(parse_config(""))}["absence"] == (
        "safe and well check; CME referral at 10 school days"
    )


def test_a_joined_run_s_first_part_of_one_day_is_one_day():
    from attcli.joined import JoinedRun

    run = JoinedRun(
        None, "Child", "Kit", ("OLD", "NEW"), (1, 6), 7, D(2026, 10, 2), D(2026, 10, 12),
        ("N",), True, None, None,
    )  # fmt: skip
    assert "(OLD's 1 day, NEW's 6)" in run.line()


def test_the_cme_table_names_a_run_s_dates_each_with_its_year(tmp_path):
    # Autumn 2 to Spring 1, no term dates: school days Mon 7 - Fri 18 Dec 2026, the
    # Christmas holiday (21 Dec - 1 Jan, no rows), then Mon 4 - Fri 15 Jan 2027.  XMAS:
    # N Mon 14 Dec - Fri 8 Jan (5 + 5 = 10 days, back on 11 Jan); ONE: N on Fri 15 Jan
    # only.  The table read "14/12-08/01/27" (the first day's year left to guess, and read
    # as the end's) and "15/01-15/01/27" (one day as a range).
    from builders import write_long_csv
    from clirun import run_cli
    from school import make_workspace

    holidays = [D(2026, 12, 21) + dt.timedelta(days=i) for i in range(12)]
    reg = register(
        {
            "XMAS": marks((P, 5), (N, 10), (P, 5)),
            "ONE": marks((P, 19), (N, 1)),
            "FINE": marks((P, 20)),
        },
        start=D(2026, 12, 7),
        holidays=holidays,
    )
    config = make_workspace(tmp_path / "ws", "")
    export = write_long_csv(reg, tmp_path / "xmas.csv")
    code, out, err = run_cli("cme", export, "-c", config, "--days", "1", width=80)
    assert code == 0, err
    assert "14/12/26-08/01/27" in out
    assert "15/01/27 " in out and "15/01-15/01/27" not in out
    # a run within one year keeps its short form
    code, out, err = run_cli("cme", export, "-c", config, "--days", "1", "--as-of",
                             "2026-12-18", width=80)  # fmt: skip
    assert "14/12-18/12/26" in out


def test_a_day_s_two_problem_sessions_name_the_day_once():
    # A pupil with no row on Fri 11 Sep (on roll by the pupil list): two missing rows, the
    # AM and PM of one day.  The data-quality list read "2 sessions, 11/09/2026 to
    # 11/09/2026".
    from attcli.quality import sessions_text

    day = D(2026, 9, 11)
    assert sessions_text([day, day], ["AM", "PM"]) == "2 sessions, 11/09/2026"
    assert sessions_text([day, D(2026, 9, 14)], ["PM", "PM"]) == (
        "2 sessions, 11/09/2026 to 14/09/2026, all PM"
    )


def test_a_run_ended_by_authorised_absence_is_not_back_while_the_pupil_has_not_attended():
    # As of Fri 2 Oct.  Each pupil present Mon 7 - Fri 11 Sep, then N Mon 14 - Fri 25 Sep
    # (10 school days), then:
    #   ILL  I (illness, authorised) every day since, Mon 28 Sep - Fri 2 Oct;
    #   MED  M (medical, authorised) Mon 28 - Tue 29, then I to Fri 2 Oct;
    #   SEEN M on Mon 28, present from Tue 29 Sep.
    # The run ends on 25 Sep for each (DOMAIN.md 6: the reason is known), but ILL and MED
    # have attended on no day since: cme said "back" ("seen again since", its own word)
    # for both, which a DSL reads as a child back in school.  They are "ended"; SEEN is back.
    from attcli.cme import cme_runs
    from attcli.config import Config
    from attcli.engine import evaluate

    reg = register(
        {
            "ILL": marks((P, 5), (N, 10), ("I", 5)),
            "MED": marks((P, 5), (N, 10), ("M", 2), ("I", 3)),
            "SEEN": marks((P, 5), (N, 10), ("M", 1), (P, 4)),
            "FINE": marks((P, 20)),
        },
        start=START,
    )
    runs = cme_runs(evaluate(reg, Config()), 10)
    assert dict(runs.select("upn", "status").rows()) == {
        "ILL": "ended", "MED": "ended", "SEEN": "back",
    }  # fmt: skip
    # listed before the runs the pupil came back from
    assert runs.get_column("upn").to_list()[-1] == "SEEN"
    assert set(runs.get_column("last_attended").to_list()) == {D(2026, 9, 11)}


def test_a_joined_run_ended_by_illness_is_not_back(tmp_path):
    # Kit Child under two UPNs (tests/test_two_upn_runs.py): OLD present 7-24 Sep, N Fri 25
    # Sep - Fri 2 Oct (6 days); NEW N Mon 5 - Mon 12 Oct (6), then ill (I) Tue 13 - Wed 14
    # Oct (ILL) or present (SEEN).  The joined run of 12 days ended on 12 Oct; cme's
    # "ACROSS UPNS" row said "back" for both, as its own rows did before (see
    # test_a_run_ended_by_authorised_absence_is_not_back_while_the_pupil_has_not_attended).
    from attcli.engine import evaluate
    from attcli.joined import joined_runs
    from test_two_upn_runs import build

    old, as_of = "/ " * 14 + "N " * 6, D(2026, 10, 14)
    for then, back in (("I I", False), ("/ /", True)):
        ev = evaluate(build(old, "N " * 6 + then, as_of), parse_config(""), as_of=as_of)
        (j,) = joined_runs(ev)
        assert (j.days, j.end, j.current, j.back) == (12, D(2026, 10, 12), False, back)


def _a_joiner_who_never_came():
    """A half-term export from Mon 5 Oct: NEW's rows begin Mon 12 Oct (a joiner), N on
    every school day since; GONE is N from the export's first day, FINE present."""
    config = parse_config(AUTUMN_HALF_TERMS)
    return config, register(
        {"NEW": "! ! ! ! ! " + marks((N, 10)), "GONE": marks((N, 15)), "FINE": marks((P, 15))},
        start=D(2026, 10, 5),
    )


def test_a_joiner_who_never_came_is_said_never_to_have_attended_since_joining():
    # The export starts Mon 5 Oct (a half-term export, so "never this year" cannot be
    # said of a pupil there from its first day).  NEW's rows begin Mon 12 Oct: a joiner,
    # whose whole time on roll the export holds, with N on every school day of it: 12 Oct
    # - 23 Oct is 10 school days.  Nobody has seen NEW in school since joining: that is
    # what the DSL needs to read, not "none in the exports, which start 05/10/2026" (true,
    # but it reads as if the days before 5 Oct might hold one), nor cme's "not in data".
    config, reg = _a_joiner_who_never_came()
    result = check_register(reg, config, as_of=D(2026, 10, 23))
    got = absence(result)
    assert got["NEW"] == (
        "10 school days of unexplained absence since 12/10/2026 (N): reached 10 school days, "
        "tell the local authority (children missing education); last attended "
        "never, "
        "on roll from 12/10/2026"
    )
    # a pupil there from the export's first day: what the export cannot say, as before
    assert got["GONE"].endswith("; last attended none in the exports, which start 05/10/2026")


def test_cmes_table_says_never_for_a_joiner_who_never_came():
    import io

    from rich.console import Console

    from attcli.cme import CmeResult, cme_runs, never_seen, render_table
    from attcli.engine import evaluate

    config, reg = _a_joiner_who_never_came()
    ev = evaluate(reg, config, as_of=D(2026, 10, 23))
    result = CmeResult(ev.as_of, cme_runs(ev, 10), None, [], ev.coverage, never=never_seen(ev))
    sink = io.StringIO()
    render_table(result, 10, Console(file=sink, width=120, no_color=True))
    rows = sink.getvalue().split("\n")
    new = next(i for i, line in enumerate(rows) if "NEW" in line)
    gone = next(i for i, line in enumerate(rows) if "GONE" in line)
    # the cell's two lines: "never, on" / "roll from" ... or as the column wraps it
    assert "never" in " ".join(rows[new : new + 3]), sink.getvalue()
    assert "not in data" not in " ".join(rows[new : new + 3]), sink.getvalue()
    assert "not in data" in " ".join(rows[gone : gone + 3]), sink.getvalue()
