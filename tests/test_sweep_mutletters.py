"""Mutation testing of which letter, step and case each pupil gets (sweep of 5 December
(fourth), mutletters).  Each test here kills a mutant of the decision code that every other
test let live: the boundary is pinned exactly, with the answer worked by hand from
DOMAIN.md, docs/cases.md and the policies."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from attcli.config import Band, HalfTerm, Stage
from attcli.ladder import (
    EndUnknown,
    Standing,
    band_of,
    below_excludes,
    condition_holds,
    period_end,
    persistently_absent,
    still_in,
)
from attcli.notices import third_within_three_years

D = dt.date


# ------------------------------------------------------------- a period of half terms

def _summer_then_autumn(gap_days: int) -> list[HalfTerm]:
    summer = HalfTerm("Summer 2", D(2027, 6, 7), D(2027, 7, 16))
    autumn = summer.end + dt.timedelta(days=gap_days)
    return [summer, HalfTerm("Autumn 1", autumn, autumn + dt.timedelta(days=45))]


def test_a_holiday_of_exactly_eight_weeks_is_a_holiday_not_a_missing_half_term() -> None:
    """A period of two half terms from Mon 7 Jun 2027 runs over the summer holiday to the
    end of Autumn 1.  Summer 2 ends Fri 16 Jul; Autumn 1 starts Fri 10 Sep, 56 days (8
    weeks, the longest holiday attcli takes for one: `config.LONGEST_HOLIDAY`) after: still
    a holiday, the period ends with Autumn 1 (Wed 25 Oct 2027).  A day more (57) and a half
    term is taken as left out of the term dates: the end is not known, said, not guessed."""
    stage = Stage("meeting", "Meeting", "meeting", half_terms=2)
    ht = _summer_then_autumn(56)
    assert ht[1].start == D(2027, 9, 10)
    assert period_end(stage, D(2027, 6, 7), ht) == D(2027, 10, 25)
    with pytest.raises(EndUnknown):
        period_end(stage, D(2027, 6, 7), _summer_then_autumn(57))


# ---------------------------------------------------------------- improved, or not judged

def test_a_period_of_exactly_the_minimum_sessions_is_judged() -> None:
    """DOMAIN.md 3: fewer than `min_possible_sessions` (10) gets no band, too little to
    judge; 10 is enough.  A period of one week, 10 sessions, all attended: 100 % >= the
    stage's 92 %, improved.  9 sessions: not judged (None), whatever the figure."""
    from attcli.ladder import improved

    stage = Stage("letter", "Letter", "letter", weeks=1, improve_to=Fraction(92))
    assert improved(stage, (30, 40), (10, 10), minimum=10) is True
    assert improved(stage, (30, 40), (9, 9), minimum=10) is None
    # and below the line with 10: judged, not improved
    assert improved(stage, (30, 40), (9, 10), minimum=10) is False


# --------------------------------------------------------- a stage's condition, exactly

BANDS = (
    Band("green", Fraction(92)),
    Band("amber", Fraction(90), inclusive=False),
    Band("red", None),
)


def _standing(attended: int, possible: int) -> Standing:
    return Standing(attended, possible, band_of(attended, possible, BANDS, 10), frozenset())


def test_a_band_from_exactly_the_minimum_possible_sessions() -> None:
    """DOMAIN.md 3: a pupil with fewer than 10 possible sessions gets no band; 10 are
    enough: 9 of 10 is 90.0 %, red (attendance <= 90 %); 10 of 10 green; 9 of 9 none."""
    assert band_of(9, 10, BANDS, 10) == "red"
    assert band_of(10, 10, BANDS, 10) == "green"
    assert band_of(9, 9, BANDS, 10) is None


def test_a_stage_s_condition_holds_from_exactly_the_minimum_possible_sessions() -> None:
    """DOMAIN.md 3: fewer than 10 possible sessions give no band and trigger nothing; 10
    do.  A letter below 93 %: 9 of 10 (90.0 %) is due; 8 of 9 (88.9 %) is not judged."""
    stage = Stage("letter", "Letter", "letter", when_below=Fraction(93), weeks=4)
    assert condition_holds(stage, _standing(9, 10), BANDS, 10) is True
    assert condition_holds(stage, _standing(8, 9), BANDS, 10) is False


def test_a_pupil_improved_but_still_in_the_stage_s_own_band_stays() -> None:
    """docs/cases.md step 4, "Improved, but still in the band": a red stage's period at
    171 of 190 is exactly 90.0 %, red (DOMAIN.md 3: attendance <= 90 %), the stage's own
    band: still "band red".  172 of 190 (90.5 %) is amber: out of it; 0 of 9 has no band."""
    stage = Stage("red", "Red letter", "letter", when_band="red", weeks=4)
    assert still_in(stage, (171, 190), BANDS, 10) == "band red"
    assert still_in(stage, (172, 190), BANDS, 10) is None
    # under 10 possible sessions no band holds: nothing to keep the pupil in
    assert still_in(stage, (0, 9), BANDS, 10) is None


def test_persistent_absence_needs_a_possible_session() -> None:
    """DOMAIN.md 3: 171 of 190 is exactly 90.0 %, persistent absence; 172 is not; 0 of 1
    is; no
    possible session at all is no figure, not persistent absence (a pupil with none is not
    passed over a band's stage on it, docs/cases.md step 4)."""
    assert persistently_absent(171, 190) is True
    assert persistently_absent(172, 190) is False
    assert persistently_absent(0, 0) is False
    assert persistently_absent(0, 1) is True  # one session, missed: 0 %


def test_a_stage_due_only_below_90_is_not_due_at_exactly_90() -> None:
    """Seed 004, step 9: "If the pupil's attendance is below 90%": exactly 90.0 % (171 of
    190) is not below, so the formal review is not due (`while_below = 90` excludes it);
    170 of 190 (89.5 %) is below: not excluded."""
    stage = Stage("formal", "Formal review", "meeting", after="review", while_below=Fraction(90))
    assert below_excludes(stage, _standing(171, 190)) is True
    assert below_excludes(stage, _standing(170, 190)) is False


# ------------------------------------------------------------------ penalty notices

def test_a_notice_three_years_after_the_first_is_not_within_three_years_of_it() -> None:
    """DOMAIN.md 5: no third notice within 3 years of the first.  The 3 years roll (the
    decision "Penalty notices on record"): a notice counts while the date is less than 3
    years after it was issued.  Notices of Mon 2 Sep 2024 and Mon 3 Mar 2025: a third on
    Tue 1 Sep 2027 is within 3 years of the first (three within 3 years, from 2 Sep
    2024); on Thu 2 Sep 2027, exactly 3 years after, it is not."""
    first, second = D(2024, 9, 2), D(2025, 3, 3)
    assert third_within_three_years([first, second, D(2027, 9, 1)]) == first
    assert third_within_three_years([first, second, D(2027, 9, 2)]) is None


def test_a_penalty_notice_issued_the_day_of_a_notice_to_improve_is_no_step_after_it(
    tmp_path,
) -> None:
    """casebook.notice_steps: a penalty notice is the ladder's step after a notice to
    improve only when the notice to improve is dated before it (seeds 000 4.3, 001 21.3:
    a penalty notice if attendance has not improved over the notice's period).  A notice
    to improve given Mon 19 Oct 2026 (its 4 school weeks to Fri 20 Nov) and a penalty
    notice issued the same day, resting on a session of Fri 16 Oct: no step (the notice
    cannot answer a period not yet begun); issued Tue 20 Oct: the step `pn_request`."""
    from attcli.casebook import notice_steps
    from attcli.config import load_config
    from attcli.store import Notice
    from school import AUTUMN_HALF_TERMS, make_workspace
    from test_sweep_nti import _ladder

    config = load_config(make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + _ladder()))
    records = {"P": [("nti", D(2026, 10, 19))]}

    def steps(issued: dt.date) -> list:
        notice = Notice(1, "P", "Mrs Ann Parent", "id:CP", issued, "")
        return notice_steps(config.ladder, records, [notice], {1: D(2026, 10, 16)}, config)

    assert steps(D(2026, 10, 19)) == []
    assert steps(D(2026, 10, 20)) == [("P", D(2026, 10, 20), "pn_request", 1)]


# --------------------------------------------------------------- a record made today

def test_a_record_made_on_the_as_of_day_counts() -> None:
    """docs/cases.md step 7: the records on or before the as-of date place the pupil.
    Seed 004's ladder; absent all day Mon 7 to Wed 9 Sep 2026: as of Fri 11 Sep, 14 of 20
    (70 %), below 90: the review meeting is due.  The office holds it on Fri 11 Sep and
    records it; `cases` as of that same day has the pupil at it, monitoring for 4 weeks
    (to Thu 8 Oct), nothing due.  A record dated Sat 12 Sep is not yet counted."""
    from test_cases_ladder import Register, at

    reg = Register().absent(D(2026, 9, 7), D(2026, 9, 9))
    case = at(reg, [], D(2026, 9, 11))
    assert (case.status, case.due_stage.name) == ("due", "review_meeting")
    case = at(reg, [("review_meeting", D(2026, 9, 11))], D(2026, 9, 11))
    assert (case.status, case.stage.name, case.since, case.period_end, case.due_stage) == (
        "monitoring", "review_meeting", D(2026, 9, 11), D(2026, 10, 8), None
    )
    case = at(reg, [("review_meeting", D(2026, 9, 12))], D(2026, 9, 11))
    assert (case.status, case.due_stage.name) == ("due", "review_meeting")


# ------------------------------------------------- a further letter judged so far

def test_a_period_judged_so_far_compares_with_the_period_s_length_before_the_letter(
    tmp_path,
) -> None:
    """docs/letters.md "Escalation": a further letter before the period of the last ends
    judges the period so far against the figure before the letter over the PERIOD's length
    (judge_period's), not over the length so far (that is only for a period whose end is
    not known).  The half-term ladder (tests/school.py), Autumn 1 and 2 listed; days from
    Mon 7 Sep 2026 (day 36 Mon 2 Nov, the half-term holiday 26-30 Oct skipped).  Present
    days 1-7, absent 8-17 (Wed 16 to Tue 29 Sep), then absent Fridays.  Red letter 1 as of
    Fri 23 Oct (42/70, 60.0 %), sent Mon 2 Nov: its period is Autumn 2, to Fri 18 Dec (47
    days).  Absent all of days 36-40 and Fridays 45-60.  Letter 2 as of Fri 4 Dec (day 60):
    so far 2/11-4/12 (days 36-60) 32/50 = 64.0 %; before, the 47 days 16/09-01/11 (days
    8-35): 28/56 = 50.0 %: 64.0 >= 50.0 + 1: improved.  (Over the 33 days so far, 30/09-01/11,
    days 18-35: 28/36 = 77.8 %, and 64.0 % would be "not improved enough".)"""
    from school import AUTUMN_HALF_TERMS
    from test_letters import FRIDAYS, _half_term_letters

    marks = (
        "/ " * 7 + "O " * 10 + "/ / O " + FRIDAYS * 3  # days 1-35
        + "O " * 5 + FRIDAYS * 4  # days 36-60
    )  # fmt: skip
    got = _half_term_letters(
        tmp_path, {"UP": marks}, AUTUMN_HALF_TERMS,
        [(D(2026, 10, 23), D(2026, 11, 2)), (D(2026, 12, 4), D(2026, 12, 4))],
    )  # fmt: skip
    letter, text = got["UP"]
    assert (letter.stage, letter.attended, letter.possible) == (2, 74, 120)
    assert (
        "It has improved: since my letter of 2 November 2026, attendance has been 64.0% "
        "(against 50.0% before it), and we are glad to see it."
    ) in text, text


# ------------------------------------------------------------- the letters' notes

def test_no_note_of_pupils_past_compulsory_school_age_when_there_are_none(tmp_path) -> None:
    """A run whose only pupil meeting the penalty-notice threshold is of compulsory school
    age (born 2014 in tests/builders.py) warns that pupil and says nothing of pupils "not
    of compulsory school age": a "0 pupils meet the penalty-notice threshold ... but are
    not of compulsory school age" would be a note of nobody."""
    from builders import register
    from test_letters import run

    reg = register({"SEV": "/ " * 15 + "O " * 25, "OK": "/ " * 40})
    r = run(tmp_path, reg, only=["pn"])
    assert [(x.upn, x.template) for x in r.letters] == [("SEV", "penalty_notice_warning")]
    assert not [n for n in r.notes if "compulsory school age" in n], r.notes


def test_a_pupil_past_compulsory_school_age_is_noted_in_a_run_of_every_letter(tmp_path) -> None:
    """DOMAIN.md 5: a pupil not of compulsory school age is never warned of a notice.  AMY,
    born 15 Jan 2010, turns 16 in the school year 2025/26: of compulsory school age to the
    last Friday in June, Fri 26 Jun 2026.  10 unauthorised sessions in June; letters as of
    Fri 26 Jun dated Mon 29 Jun: no warning, and the run says why, whether every letter is
    asked for (no --only) or the warnings (--only pn); a run of red letters only says
    nothing of warnings it was not asked for."""
    from attcli.letters import run_letters
    from builders import register
    from test_letters import contacts_for, make_config

    reg = register({"AMY": "/ " * 15 + "O " * 5}, start=D(2026, 6, 1), dob={"AMY": D(2010, 1, 15)})
    note = (
        "1 pupil meets the penalty-notice threshold on 26/06/2026 but is not of compulsory "
        "school age on the letters' date (29/06/2026): no penalty-notice warning: "
        "ForenameAMY SurnameAMY (AMY), to 26/06/2026"
    )
    for k, only in enumerate((None, ["pn"], ["red"])):
        r = run_letters(
            [], make_config(tmp_path), register=reg, out_dir=tmp_path / f"out{k}",
            contacts=contacts_for(["AMY"], tmp_path), as_of=D(2026, 6, 26),
            letter_date=D(2026, 6, 29), period_start=D(2026, 6, 1), only=only, dry_run=True,
        )  # fmt: skip
        assert "penalty_notice_warning" not in {x.template for x in r.letters}
        assert (note in r.notes) is (only != ["red"]), (only, r.notes)
        # (AMY has 40 possible sessions: no note of pupils with too few for a band)
        assert not [n for n in r.notes if "too few sessions for a band" in n], r.notes


# ------------------------------------------------------------ a joiner by first mark

def test_a_joiner_by_first_mark_needs_no_export_before_joining(tmp_path) -> None:
    """docs/cases.md step 3: days before a pupil's time on roll began need no export:
    "from a pupil list's joining date, or, without one, from a first mark after the first
    day of the exports given (and not after a record of theirs)".  tests/test_cases_lapsed.py
    pins the pupil list's date and a first mark ON the export's first day; here J's first
    mark is Tue 8 Sep 2026, a day after the export's first (A's Mon 7 Sep), no pupil list.
    The meeting held Mon 14 Sep (8 weeks: to Sun 8 Nov); the 56 days before it, 20 Jul to
    13 Sep, hold J's 8-11 Sep only: 8/8 = 100 %; over the period, 7 school weeks with 7
    Mondays ill, 56/70 = 80 %: under 96 % and not 1 point better, not improved: the panel
    is due from Mon 9 Nov (not "cannot be judged ... they do not hold 20/07 to 31/07")."""
    import json

    from builders import register, write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace
    from test_cases_lapsed import HALF_TERM, J_AUTUMN, JOINER_LADDER, START, cases

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + JOINER_LADDER)
    tokens = J_AUTUMN.split()
    reg = register(
        {"A": " ".join(["/\\"] * len(tokens)), "J": " ".join(["!", *tokens[1:]])},
        start=START, holidays=HALF_TERM,
    )  # fmt: skip
    exp = write_long_csv(reg, tmp_path / "autumn.csv")
    assert cases(ws, exp, "2026-11-09")[0] == 0
    code, _, err = run_cli("case", "record", "J", "--action", "meeting", "--date", "2026-09-14",
                           "-c", ws)  # fmt: skip
    assert code == 0, err
    code, out, err = cases(ws, exp, "2026-11-09", "--format", "json")
    assert code == 0, err
    [j] = [c for c in json.loads(out)["cases"] if c["upn"] == "J"]
    assert {k: j[k] for k in ("stage", "status", "period_end", "before_pct", "since_pct",
                              "improved", "due_stage", "due_from")} == {  # fmt: skip
        "stage": "meeting", "status": "due", "period_end": "2026-11-08",
        "before_pct": 100.0, "since_pct": 80.0, "improved": False,
        "due_stage": "panel", "due_from": "2026-11-09",
    }  # fmt: skip


# ------------------------------------------------------- a half term with no letters

def test_a_run_names_the_last_half_term_with_no_letters_not_the_first(tmp_path) -> None:
    """Letters sent in Autumn 1 (as of Fri 16 Oct 2026), none in Autumn 2, then the Spring 1
    run (as of Fri 15 Jan 2027): the half term before Spring 1 is Autumn 2, with no letter
    on record though Autumn 1's went: the run says so (a second letter at a band may be the
    third).  Judged by the first half term listed, Autumn 1, letters were on record and
    nothing was said."""
    from attcli.config import parse_config
    from attcli.letters import run_letters
    from builders import register
    from school import AUTUMN_HALF_TERMS
    from test_letters import AUTUMN_HOLIDAY, CONFIG, FONTS, FRIDAYS, WINTER, contacts_for

    spring = '\n[[calendar.half_terms]]\nname = "Spring 1"\nstart = 2027-01-04\nend = 2027-02-12\n'
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "history.sqlite3", fonts=FONTS, extra="")
        + AUTUMN_HALF_TERMS + spring
    )
    reg = register({"RED": FRIDAYS * 16}, holidays=AUTUMN_HOLIDAY + WINTER)
    kw = dict(register=reg, contacts=contacts_for(["RED"], tmp_path), only=["red"])
    one = run_letters([], cfg, out_dir=tmp_path / "a1", as_of=D(2026, 10, 16),
                      letter_date=D(2026, 10, 16), **kw)  # fmt: skip
    assert [(x.upn, x.template, x.status) for x in one.letters] == [("RED", "red", "written")]
    two = run_letters([], cfg, out_dir=tmp_path / "s1", as_of=D(2027, 1, 15),
                      letter_date=D(2027, 1, 15), **kw)  # fmt: skip
    assert two.half_term.name == "Spring 1"
    assert (
        "no letters on record for Autumn 2 (02/11/2026 to 18/12/2026), though Autumn 1's "
        "went: if its letters were never run, what its figures called for was never sent, "
        "and this run's letters count only the letters on record"
    ) in two.notes, two.notes


# ------------------------------------------- a judgement on record of a "stay" stage

def test_a_stay_stage_judged_not_improved_in_july_stays_judged_in_september(
    tmp_path, monkeypatch
) -> None:
    """docs/cases.md step 3: when the last check on record judged a period the exports given
    no longer hold, that judgement stands; a run that had the stage after it due from the
    day after the period judged it not improved.  tests/test_cases_lapsed.py's July run
    (the letter of Mon 22 Jun: 12/20 = 60 % against 16/20 = 80 %, not improved, the
    meeting due from Mon 6 Jul), with the letter stage's ``if_improved = "stay"`` (an
    improvement would start another period of it): in September, with this year's export
    only, the meeting is still due from 6 Jul, carried over.  The pupil was at the letter
    stage in July, a stage an improvement leads to: that is no sign of improvement when
    the stage after it was due."""
    import json

    import test_cases_lapsed as lapsed

    monkeypatch.setattr(
        lapsed, "SUMMER_LADDER", lapsed.SUMMER_LADDER.replace('if_improved = "leave"', 'if_improved = "stay"')
    )
    assert 'if_improved = "stay"' in lapsed.SUMMER_LADDER
    ws, jul, sep = lapsed.summer(tmp_path)
    lapsed.july_run(ws, jul)
    code, out, err = lapsed.cases(ws, sep, "2026-09-04", "--format", "json")
    assert code == 0, err
    c = {x["upn"]: x for x in json.loads(out)["cases"]}
    note = "judged not improved in the check recorded as of 17/07/2026; the exports given do not hold 08/06 to 03/07/2026"
    assert {k: c["A"][k] for k in ("stage", "status", "due_stage", "due_from", "carried_over")} == {
        "stage": "letter", "status": "due", "due_stage": "meeting", "due_from": "2026-07-06",
        "carried_over": {"run_as_of": "2026-07-17", "note": note},
    }  # fmt: skip


# ------------------------------------------------------------ a pupil who has left

def test_a_pupil_whose_rows_stop_one_school_day_before_the_data_s_last_gets_no_letter(
    tmp_path,
) -> None:
    """docs/letters.md: a pupil whose time on roll ended before the data's last school day
    gets no letter, whatever the as-of date (the letter is dated today).  40 school days
    from Mon 7 Sep 2026, absent the first 10: STAY's rows run to Fri 30 Oct; LEFT's stop
    after Thu 29 Oct (day 39), one school day before.  As of Fri 23 Oct (day 35) both were
    on roll at 50/70 = 71.4 %, red: STAY gets her red letter; LEFT has left, gets none, and
    is named with the day he left."""
    from builders import register
    from test_letters import run

    reg = register({"STAY": "O " * 10 + "/ " * 30, "LEFT": "O " * 10 + "/ " * 29})
    r = run(tmp_path, reg, only=["red"], as_of=D(2026, 10, 23), dry_run=True)
    assert [(x.upn, x.template) for x in r.letters] == [("STAY", "red")]
    assert (
        "1 pupil no longer on roll: no letters: ForenameLEFT SurnameLEFT (LEFT), left 29/10/2026"
        in r.notes
    ), r.notes


def test_a_first_band_sending_the_red_letter_is_refused_up_to_100(tmp_path) -> None:
    """A school whose first band, "concern" (above 50 %), sends attcli's red letter ("their
    child is persistently absent", 90 % or less): refused in one line, the band holding
    attendance up to 100 % (nothing above it), not "up to 0 %"."""
    from attcli.config import parse_config
    from attcli.errors import AttcliError
    from attcli.letters import run_letters
    from builders import register
    from test_letters import CONFIG, FONTS, contacts_for

    bands = '\n[[bands]]\nname = "concern"\nabove = 50\nletter = "red"\n\n[[bands]]\nname = "worst"\nletter = "severe"\n'
    text = CONFIG.format(history=tmp_path / "h.sqlite3", fonts=FONTS, extra="") + bands
    with pytest.raises(AttcliError) as red:
        run_letters(
            [], parse_config(text), register=register({"R": "/ " * 40}),
            contacts=contacts_for(["R"], tmp_path), out_dir=tmp_path / "o",
            letter_date=D(2026, 10, 30),
        )  # fmt: skip
    assert "sends attcli's red letter" in str(red.value)
    assert "but the band holds attendance up to 100 %: give it another letter" in str(red.value)
    assert not (tmp_path / "o").exists()


# ------------------------------------------------------------------- never twice

def test_a_letter_already_sent_is_listed_with_the_file_it_went_in(tmp_path) -> None:
    """DOMAIN.md 9: never the same letter twice in a half term.  RED's red letter (60/80,
    75 %) made on Mon 2 Nov; the run again the same day makes none and lists it "already
    sent", stage 1, naming the file it went in, not the file this run would have made
    (her surname corrected in the MIS since: another file name)."""
    from builders import register
    from test_letters import run, with_names

    reg = register({"RED": "/ " * 30 + "O " * 10})
    one = run(tmp_path, reg, only=["red"], out="a")
    [first] = one.letters
    assert (first.status, first.stage) == ("written", 1)
    renamed = with_names(reg, {"RED": ("ForenameRED", "Corrected")})
    two = run(tmp_path, renamed, only=["red"], out="b")
    [again] = two.letters
    assert (again.status, again.stage, again.file) == ("already sent", 1, first.file)
    assert again.sent_to == first.recipient_name == "Mrs ParentRED FamilyRED"


# ---------------------------------------------------------------------- praise

@pytest.mark.parametrize("at_least", [98, 100])
def test_praise_goes_at_exactly_the_praise_line(tmp_path, at_least) -> None:
    """Seed 004 praises attendance of 98 % and of 100 % ("at least": DOMAIN.md 9).  50
    school days (100 sessions): AT has exactly the line (98/100, or 100/100), BELOW one
    session fewer: AT is praised, BELOW is not.  (Above 100 % there is nothing: a line of
    100 praised only above it would praise nobody.)"""
    from builders import register
    from test_letters import run

    at = "/ " * (50 - (100 - at_least) // 2) + "O " * ((100 - at_least) // 2)
    below = "/ " * 49 + "/O " if at_least == 100 else "/ " * 48 + "O /O "
    reg = register({"AT": at, "BELOW": below})
    r = run(tmp_path, reg, extra=f"praise = true\npraise_at_least = {at_least}", only=["praise"],
            letter_date=D(2026, 11, 13), dry_run=True)  # fmt: skip
    assert [(x.upn, x.template, x.attended, x.possible) for x in r.letters] == [
        ("AT", "praise", at_least, 100)
    ]


# ------------------------------------------------ the days an export must hold

def test_the_holiday_between_two_half_terms_listed_needs_no_export(tmp_path) -> None:
    """docs/cases.md step 3: before the exports' first day a weekday may hold sessions
    unless it is between two half terms of the term dates.  Only Autumn 1 (to Fri 23 Oct
    2026) and Autumn 2 (from Mon 2 Nov) listed, the exports from Mon 2 Nov: the half-term
    week 26-30 Oct holds none (no export needed); 19-23 Oct, Autumn 1's last week, may."""
    from attcli.casebook import unheld_days
    from attcli.config import load_config
    from school import AUTUMN_HALF_TERMS, make_workspace

    config = load_config(make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS))
    unheld = unheld_days(config, D(2026, 11, 2), D(2026, 11, 2))
    assert unheld(D(2026, 10, 24), D(2026, 11, 1)) is None
    assert unheld(D(2026, 10, 19), D(2026, 11, 1)) == (D(2026, 10, 19), D(2026, 10, 23))


# ----------------------------------------- cases after a letter a correction undid

def test_cases_does_not_call_improved_a_pupil_whose_worse_letter_a_correction_undid(
    tmp_path, monkeypatch
) -> None:
    """tests/test_sweep_history.py's SUE: the severe letter of 25/09 rested on marks
    corrected since (by the register, red then, and red as of 02/10, 26/40 = 65.0 %).
    `letters` holds her red letter for a person ("not an improvement"); `cases` as of 02/10
    must not say "improved since the severe letter ... (attcli letters sends none)" of her
    red step either (placing.letters_undone): ZED, who truly improved, it does.  The
    half-term ladder (tests/school.py: amber, red, la_referral; the severe letter is the
    band's, no stage): both are due the red step as of 02/10."""
    import json

    from builders import register
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, HALF_TERM_LADDER, contacts_file, make_workspace
    from test_sweep_history import WEEK, P, export_to, recoded

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + HALF_TERM_LADDER)
    o10 = " ".join(["O"] * 10)
    reg = register({"ANNA": " ".join([WEEK] * 4), "SUE": " ".join([WEEK, o10, WEEK]),
                    "ZED": " ".join([WEEK, "O O O O O O O O", P, P, WEEK])})  # fmt: skip
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("ANNA", "C1", "Mrs", "Ann", "Able"), ("SUE", "C2", "Ms", "Sal", "See"),
         ("ZED", "C3", "Mr", "Zak", "Zee")],
    )  # fmt: skip
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    code, _, err = run_cli("letters", export_to(reg, D(2026, 9, 25), tmp_path), "--contacts",
                           contacts, "--out", tmp_path / "out", "-c", ws, "--only", "severe,red")  # fmt: skip
    assert code == 0, err
    fixed = recoded(reg, "SUE", D(2026, 9, 14), "/", to=D(2026, 9, 16))
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")
    exp = export_to(fixed, D(2026, 10, 2), tmp_path)
    code, out, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-10-02", "--format", "json")
    assert code == 0, err
    rows = {c["upn"]: c for c in json.loads(out)["cases"]}
    said = {u: json.dumps(rows[u]) for u in ("SUE", "ZED")}
    assert (rows["SUE"]["status"], rows["SUE"]["due_stage"]) == ("due", "red")
    assert rows["ZED"]["note"] == (
        "improved since the severe letter of 25/09/2026: no red letter this half term "
        "(attcli letters sends none)"
    )
    assert "improved since" not in said["SUE"], said


def test_a_run_on_the_first_day_of_a_half_term_points_to_the_last_one_s_last_day(tmp_path) -> None:
    """A run as of Mon 2 Nov 2026, Autumn 2's first day, with no letter on record for
    Autumn 1: these letters are Autumn 2's; for Autumn 1's the office gives --as-of its
    last school day, Fri 23 Oct 2026 (not its first, 7 Sep)."""
    from builders import register
    from school import AUTUMN_HALF_TERMS
    from test_letters import AUTUMN_HOLIDAY, run

    reg = register({"RED": "/ " * 30 + "O " * 6}, holidays=AUTUMN_HOLIDAY)
    r = run(tmp_path, reg, extra=AUTUMN_HALF_TERMS, only=["red"], as_of=D(2026, 11, 2),
            dry_run=True)  # fmt: skip
    assert r.half_term.name == "Autumn 2"
    assert (
        "these letters are Autumn 2's, on 1 school day of it (02/11/2026): Autumn 1 has no "
        "letters on record; for its letters give --as-of 2026-10-23"
    ) in r.notes, r.notes


def test_a_letter_right_on_its_figures_date_is_not_no_longer_called_for_after_improving(
    tmp_path,
) -> None:
    """A letter sent this half term is "no longer called for" only when the register, as
    of the letter's own figures date, no longer gives its band (a correction), not
    because the pupil improved since.  RED, absent days 37-40 (3-6 Nov 2026): as of Fri 6
    Nov 72/80 = 90.0 %, red: the red letter goes.  Present since: as of Fri 18 Dec
    132/140 = 94.3 %, green.  The December run lists nothing "no longer called for"."""
    from builders import register
    from school import AUTUMN_HALF_TERMS
    from test_letters import AUTUMN_HOLIDAY, run

    reg = register({"RED": "/ " * 36 + "O " * 4 + "/ " * 30}, holidays=AUTUMN_HOLIDAY)
    one = run(tmp_path, reg, extra=AUTUMN_HALF_TERMS, only=["red"], as_of=D(2026, 11, 6),
              letter_date=D(2026, 11, 6), out="a")  # fmt: skip
    assert [(x.upn, x.template, x.attended, x.possible) for x in one.letters] == [
        ("RED", "red", 72, 80)
    ]
    two = run(tmp_path, reg, extra=AUTUMN_HALF_TERMS, only=["red"], as_of=D(2026, 12, 18),
              letter_date=D(2026, 12, 18), out="b", dry_run=True)  # fmt: skip
    assert two.letters == [] and two.no_longer == []


def test_a_record_on_the_last_day_of_its_period_begins_no_new_one() -> None:
    """docs/cases.md step 7: a record made while its period runs moves nothing; one made
    after it ended begins a new one.  A 4-week stage recorded Mon 5 Oct 2026 runs to Sun 1
    Nov (28 days): recorded again on 1 Nov, the period is still 5 Oct's; on Mon 2 Nov a
    new one begins."""
    from attcli.ladder import period_start

    stage = Stage("letter", "Letter", "letter", weeks=4)
    assert period_end(stage, D(2026, 10, 5), ()) == D(2026, 11, 1)
    assert period_start([D(2026, 10, 5), D(2026, 11, 1)], stage, ()) == D(2026, 10, 5)
    assert period_start([D(2026, 10, 5), D(2026, 11, 2)], stage, ()) == D(2026, 11, 2)
