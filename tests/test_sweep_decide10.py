"""Seed 004's step 10, "a referral will always be made by school if attendance has not
improved after a term of advice and support" (DOMAIN.md 11: "a referral to the Education
Welfare Officer if there is no improvement after a term"), as ladder configuration: a
stage's ``when_not_improved_over = "term"`` (sweep of 6 December (second), decide10).

The school year is 2026/27's of tests/test_sweep_policies2.py (Autumn 1 from Monday 7
September 2026; SCHOOL_DAYS[i] the i-th school day: 23/10/2026 is day 34, the last of
Autumn 1; Spring 1 is days 70-99, 04/01 to 12/02/2027; Spring 2 starts on day 100,
22/02/2027).  No INSET days, no bank holiday in a half term before Easter.

Each pupil attends every session of the first two weeks (7-18 Sep, 20 of 20), then:

- STEADY misses the Wednesday afternoon each week: 9 of 10 a week, 90.0 % over any run
  of whole weeks, 90.9 % to 93 % for the year from October: never below 90 %;
- BETTER is STEADY until Christmas, then attends every session;
- LOW misses the Wednesday afternoon and the Thursday morning: 8 of 10 a week (80 %).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import write_long_csv
from clirun import run_cli
from school import contacts_file
from test_sweep_policies2 import HALF_TERMS, SCHOOL_DAYS, init_workspace, year_register

D = dt.date
P = "/\\"


def steady(i: int) -> str:
    return "/O" if i >= 10 and SCHOOL_DAYS[i].weekday() == 2 else P


def better(i: int) -> str:
    return steady(i) if SCHOOL_DAYS[i] < D(2027, 1, 1) else P


def low(i: int) -> str:
    day = SCHOOL_DAYS[i].weekday()
    return P if i < 10 else "/O" if day == 2 else "O\\" if day == 3 else P


PUPILS = {"STEADY": steady, "BETTER": better, "LOW": low}


class School:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.cfg = init_workspace(tmp_path / "ws", "seed004")

    def record(self, upn: str, action: str, day: dt.date) -> None:
        code, _, err = run_cli(
            "case", "record", upn, "--action", action, "--date", day.isoformat(),
            "-c", self.cfg,
        )  # fmt: skip
        assert code == 0, err

    def export(self, day: dt.date) -> Path:
        return write_long_csv(year_register(PUPILS, day), self.tmp / f"r-{day}.csv")

    def cases(self, day: dt.date) -> dict[str, dict]:
        code, out, err = run_cli(
            "cases", self.export(day), "-c", self.cfg, "--as-of", day.isoformat(), "-f", "json"
        )
        assert code == 0, err
        return {c["upn"]: c for c in json.loads(out)["cases"]}


def test_term_end_counts_the_school_days_of_the_first_steps_term() -> None:
    from attcli.config import HalfTerm
    from attcli.ladder import term_end

    halves = [HalfTerm(n, s, e) for n, s, e in HALF_TERMS]
    # the autumn term: 35 + 35 school days; from 23/10 (day 34) the 70th school day is
    # day 103: 22/02 is day 100, so Thursday 25/02/2027
    assert SCHOOL_DAYS[34] == D(2026, 10, 23) and SCHOOL_DAYS[103] == D(2027, 2, 25)
    assert term_end(D(2026, 10, 23), halves) == D(2027, 2, 25)
    # a first step in the half-term holiday counts from the next school day, by its term
    assert term_end(D(2026, 10, 28), halves) == SCHOOL_DAYS[35 + 69]
    # the half terms listed do not reach so far: not known, nothing judged
    assert term_end(D(2026, 10, 23), halves[:3]) is None
    # the spring term (Spring 1 30 days, Spring 2 24 days: 25/03 is a Thursday, Good
    # Friday 26/03 after it) is 54 school days from its first day: to 25/03/2027
    assert term_end(D(2027, 1, 4), halves) == D(2027, 3, 25)


def test_seed004_refers_a_pupil_not_improved_a_term_after_the_letter_whatever_the_stage(
    tmp_path: Path,
) -> None:
    # By hand, STEADY: on Fri 23/10 (day 34) 20 + 5 weeks of 9/10: 65/70 = 92.86 %, at or
    # below 93 %: the letter, sent that day.  Its 4 weeks, 23/10 to 19/11: Fri 23/10 2/2,
    # 2-6, 9-13 Nov 9/10 each, 16-19 Nov 7/8: 27/30 = 90.0 % against 25/09 to 22/10 (Fri
    # 2/2, three weeks 27/30, 19-22 Oct 7/8): 36/40 = 90.0 %: not improved; the support
    # meeting, held Mon 23/11: 23/11 to 20/12, 36/40 against 26/10 to 22/11, 27/30: 90.0
    # % both: not improved; the review meeting, held Mon 04/01: 04/01 to 31/01, 36/40
    # against 07/12 to 03/01, 18/20: not improved.  The formal review is due only below
    # 90 % (step 9), and STEADY is at 91 % or more: before, they waited there for good.
    # The term from the letter: 70 school days, 23/10/2026 to Thu 25/02/2027: 2/2 +
    # 63/70 (Autumn 2) + 54/60 (Spring 1) + 7/8 (22-25 Feb) = 126/140 = 90.0 %, against
    # the school year before the letter, 07/09 to 22/10: 20/20 + 36/40 + 7/8 = 63/68 =
    # 92.6 %: not 1 point better (93.6 %) nor 95 %: not improved.  The referral is due
    # from Fri 26/02/2027: listed as of Thu 25/02 (the term's last day, as a period is
    # judged on its last day), not as of Wed 24/02.
    school = School(tmp_path)
    letter, support, review = D(2026, 10, 23), D(2026, 11, 23), D(2027, 1, 4)
    assert school.cases(letter)["STEADY"]["due_stage"] == "letter"
    school.record("STEADY", "letter", letter)
    assert school.cases(D(2026, 11, 20))["STEADY"]["due_stage"] == "support_meeting"
    school.record("STEADY", "support_meeting", support)
    assert school.cases(D(2026, 12, 21))["STEADY"]["due_stage"] == "review_meeting"
    school.record("STEADY", "review_meeting", review)
    waiting = school.cases(D(2027, 2, 24))["STEADY"]
    assert (waiting["stage"], waiting["status"], waiting["due_stage"]) == (
        "review_meeting", "not_improved", None,
    )  # fmt: skip
    assert (
        "Formal review meeting with the SLT attendance lead waits for attendance below 90 %"
    ) in waiting["note"]
    due = school.cases(D(2027, 2, 25))["STEADY"]
    assert (due["stage"], due["status"], due["due_stage"], due["due_from"]) == (
        "review_meeting", "due", "ewo_referral", "2027-02-26",
    )  # fmt: skip
    assert due["attendance_pct"] == 90.9  # 20/20 + 162/180 (18 weeks) + 7/8 = 189/208
    words = (
        "not improved over a term on the ladder: 90.0% from 23/10/2026 to 25/02/2027 "
        "against 92.6% before it"
    )
    assert words in due["note"]
    # the terminal's list and the pupil's record say the same
    day = D(2027, 2, 25)
    code, out, err = run_cli(
        "cases", school.export(day), "-c", school.cfg, "--as-of", day.isoformat(), width=1000
    )
    assert code == 0, err
    assert (
        "Attendance review meeting (persistent absence, weekly monitoring) -> Referral to the "
        f"Education Welfare Officer ({words})"
    ) in out
    code, out, err = run_cli(
        "pupil", "STEADY", school.export(day), "-c", school.cfg, "--as-of", day.isoformat(),
        width=200,
    )  # fmt: skip
    assert code == 0, err
    assert (
        "Attendance review meeting (persistent absence, weekly monitoring) since 04/01/2027; "
        "Referral to the Education Welfare Officer due from 26/02/2027 "
        f"({words})"
    ) in " ".join(out.split())
    # the referral recorded: at the last step, nothing due
    school.record("STEADY", "ewo_referral", D(2027, 3, 1))
    after = school.cases(D(2027, 3, 5))["STEADY"]
    assert (after["stage"], after["status"], after["due_stage"]) == ("ewo_referral", "last", None)
    # the referral's evidence pack gives the term it rests on among its periods
    contacts = contacts_file(tmp_path / "contacts.csv", [("STEADY", "C1", "Ms", "Ada", "Steady")])
    code, out, err = run_cli(
        "evidence", "STEADY", school.export(D(2027, 3, 5)), "--contacts", contacts,
        "-c", school.cfg, "--as-of", "2027-03-05", "--for", "referral", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    got = [
        (m["title"].split(" (")[0], m["from"], m["to"], m["over"], m["outcome"])
        for m in json.loads(out)["monitoring_periods"]
    ]
    over = {"attended": 126, "possible": 140}
    assert got == [
        ("Letter offering support", "2026-10-23", "2026-11-19", {"attended": 27, "possible": 30}, "not improved"),
        ("A term on the ladder since the first step", "2026-10-23", "2027-02-25", over, "not improved"),
        ("Attendance support meeting", "2026-11-23", "2026-12-20", {"attended": 36, "possible": 40}, "not improved"),
        ("Attendance review meeting", "2027-01-04", "2027-01-31", {"attended": 36, "possible": 40}, "not improved"),
    ]  # fmt: skip


def test_a_pupil_improved_over_the_term_is_not_referred_by_it(tmp_path: Path) -> None:
    # BETTER is STEADY to Christmas (the letter 23/10, the support meeting due from 20/11
    # and never held: it stays due), then every session: the term 23/10 to 25/02: 2/2 +
    # 63/70 + 60/60 + 8/8 = 133/140 = 95.0 %: improved (95 %): no referral by the term;
    # the support meeting still due.  STEADY, the same records, is referred.
    school = School(tmp_path)
    school.cases(D(2026, 10, 23))  # (the first run makes the casebook)
    for upn in ("BETTER", "STEADY"):
        school.record(upn, "letter", D(2026, 10, 23))
    day = D(2027, 2, 25)
    code, out, err = run_cli(
        "cases", school.export(day), "-c", school.cfg, "--as-of", day.isoformat(), width=300
    )
    assert code == 0, err
    # STEADY's letter period (23/10 to 19/11), ended since the last run (23/10), made the
    # support meeting due; the referral due now is the term's doing, and the review says so
    (row,) = [x for x in out.splitlines() if "STEADY" in x and "23/10-19/11" in x]
    assert "not improved; Referral to the Education W" in row  # (the title, wrapped)
    got = school.cases(day)
    assert (got["BETTER"]["due_stage"], got["BETTER"]["due_from"]) == (
        "support_meeting", "2026-11-20",
    )  # fmt: skip
    assert "over a term" not in (got["BETTER"]["note"] or "")
    assert (got["STEADY"]["stage"], got["STEADY"]["due_stage"]) == ("letter", "ewo_referral")
    assert got["STEADY"]["due_from"] == "2027-02-26"


def test_a_pupil_below_90_goes_the_ordinary_way_to_the_referral(tmp_path: Path) -> None:
    # LOW on 23/10: 20 + 5 weeks of 8/10: 60/70 = 85.7 %: below 90 %, the review meeting
    # due (step 5: the latest stage whose condition holds), held that day.  Its 4 weeks
    # 23/10 to 19/11: 2/2 + 16/20 + 6/8 = 24/30 = 80 % against 25/09 to 22/10: 2/2 + 24/30
    # + 6/8 = 32/40 = 80 %: not improved, the formal review due from 20/11 (below 90 %),
    # held Mon 23/11: 23/11 to 20/12, 32/40 against 26/10 to 22/11, 24/30: 80 % both: the
    # referral due from Mon 21/12/2026 by its `after`, before the term (to 25/02) ends.
    school = School(tmp_path)
    assert school.cases(D(2026, 10, 23))["LOW"]["due_stage"] == "review_meeting"
    school.record("LOW", "review_meeting", D(2026, 10, 23))
    school.record("LOW", "formal_review", D(2026, 11, 23))
    running = school.cases(D(2026, 12, 18))["LOW"]
    assert (running["stage"], running["status"]) == ("formal_review", "monitoring")
    due = school.cases(D(2027, 1, 4))["LOW"]
    assert (due["stage"], due["due_stage"], due["due_from"]) == (
        "formal_review", "ewo_referral", "2026-12-21",
    )  # fmt: skip
    assert "over a term" not in (due["note"] or "")


def test_when_not_improved_over_is_read_and_checked() -> None:
    from attcli.config import parse_config
    from attcli.errors import ConfigError

    ladder = """
[escalation]
[[escalation.stages]]
name = "letter"
action = "letter"
template = "amber"
when_band = "amber"
weeks = 4
[[escalation.stages]]
name = "referral"
action = "referral"
when_not_improved_over = {over}
"""
    cfg = parse_config(ladder.format(over='"term"'))
    (stage,) = [s for s in cfg.escalation.stages if s.name == "referral"]
    # it starts the stage (no after needed) but is no condition on the figure (step 5)
    assert stage.when_not_improved_over == "term" and not stage.has_condition
    try:
        parse_config(ladder.format(over='"half_term"'))
    except ConfigError as exc:
        assert "when_not_improved_over" in str(exc) and "'term'" in str(exc)
    else:
        raise AssertionError("half_term accepted")


def test_the_register_checks_run_is_cmes_a_u_day_breaks_it_a_missing_mark_does_not() -> None:
    """The lead's readings kept (docs/la-return.md): DOMAIN.md 8's "continuous school days
    of unauthorised absence" is DOMAIN.md 6's run: a day with a `U` session breaks it (the
    pupil was seen); a day of an `N` morning and no afternoon mark counts (the missing mark
    is out of possible sessions: every possible session that day is `N`)."""
    from attcli.config import Config
    from attcli.lacheck import register_check
    from builders import register

    # the autumn term, 7 Sep to 18 Dec 2026 (the October half term no school days):
    #   GAP:  5 days present, then 9 days N and one "N, no afternoon mark" among them: 10
    #         days of the run: listed for it;
    #   SEEN: the same with a U morning (N afternoon) in place of that day: runs of 4 and
    #         5 days: not listed for it (its 19 unauthorised sessions list it below 90 %)
    half_term = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    gap = " ".join([P] * 5 + ["N"] * 4 + ["N_"] + ["N"] * 5 + [P] * 55)
    seen = " ".join([P] * 5 + ["N"] * 4 + ["UN"] + ["N"] * 5 + [P] * 55)
    reg = register({"GAP": gap, "SEEN": seen}, holidays=half_term)
    rc = register_check(reg, Config(), term="autumn", year=2026)
    reasons = {r["upn"]: r["reasons"] for r in rc.rows.iter_rows(named=True)}
    assert "continuous_unauthorised_10_days" in reasons["GAP"]
    assert reasons["SEEN"] == "below_threshold"


def test_a_term_whose_second_half_is_not_listed_has_no_known_end() -> None:
    # attcli.toml lists Autumn 1 to Spring 1 (the example school's): the spring term's
    # length is not known, so a first step in January is judged by no term (a term of
    # Spring 1's 30 days alone would refer on 12/02, a half term early)
    from attcli.config import HalfTerm
    from attcli.ladder import term_end

    halves = [HalfTerm(n, s, e) for n, s, e in HALF_TERMS]
    assert term_end(D(2027, 1, 4), halves[:3]) is None
    assert term_end(D(2026, 10, 23), halves[:4]) == D(2027, 2, 25)


def test_a_pupil_who_left_the_ladder_improved_starts_a_new_term_with_the_next_step() -> None:
    # place() alone, every weekday two sessions (test_cases_ladder's Register), the term
    # dates of this file.  The letter on Mon 07/09: all present, 100 % over its 4 weeks:
    # improved, off the ladder on 04/10.  A letter again on Mon 12/10 (absent a session
    # every Wednesday from 14/10: 92-93 % for the year): its period not improved (the support meeting due from 09/11,
    # never held).  The term counts from 12/10, day 25: 70 school days to day 94, Fri
    # 05/02/2027 (the term from 07/09 would have ended on Fri 18/12): as of Mon 01/02
    # nothing by the term; as of 05/02 the referral, due from 06/02.
    from attcli.config import HalfTerm
    from attcli.ladder import place
    from test_cases_ladder import CFG, LADDER, Register

    reg = Register()
    day = D(2026, 10, 14)
    while day <= D(2027, 3, 31):
        reg.absent(day, day, sessions=1)
        day += dt.timedelta(days=7)
    halves = [HalfTerm(n, s, e) for n, s, e in HALF_TERMS]
    assert (SCHOOL_DAYS[25], SCHOOL_DAYS[69], SCHOOL_DAYS[94]) == (
        D(2026, 10, 12), D(2026, 12, 18), D(2027, 2, 5),
    )  # fmt: skip
    records = [("letter", D(2026, 9, 7)), ("letter", D(2026, 10, 12))]

    def at(as_of: dt.date):
        return place(
            LADDER, records, as_of, reg.standing(as_of), reg.window, half_terms=halves,
            bands=CFG.bands, minimum=10,
        )  # fmt: skip

    before = at(D(2027, 2, 1))
    assert (before.first, before.due_stage.name, before.due_from) == (
        D(2026, 10, 12), "support_meeting", D(2026, 11, 9),
    )  # fmt: skip
    due = at(D(2027, 2, 5))
    assert (due.due_stage.name, due.due_from, due.term.since) == (
        "ewo_referral", D(2027, 2, 6), D(2026, 10, 12),
    )  # fmt: skip


def test_a_term_stage_without_term_dates_is_said_not_silent() -> None:
    # `attcli init --ladder seed004` writes no term dates: without them no term is judged,
    # and the referral after a term would never fall due, unsaid
    from attcli.config import HalfTerm
    from attcli.ladder import unlisted_half_terms
    from test_cases_ladder import LADDER

    (line,) = unlisted_half_terms(LADDER, [])
    assert line.startswith(
        "the ladder's step ewo_referral is due after a term on the ladder without improvement"
    )
    assert "lists no [[calendar.half_terms]]: no term is ever judged" in line
    assert unlisted_half_terms(LADDER, [HalfTerm(n, s, e) for n, s, e in HALF_TERMS]) == []
