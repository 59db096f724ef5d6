"""Sweep trustkeys (7 December, ninth): the advice that names where the term dates and
INSET days are set names a trust school's own ``[schools.KEY]`` keys when the school keeps
its own calendar (blind4's ``Config.half_terms_key`` and ``inset_days_key``), and the
workspace's ``[calendar]`` keys otherwise.  Each test reaches one message with a small
trust (Ash on the trust's calendar, Cedar with its own), then edits the key the message
names and shows the message gone: the advice works.  Every value is worked by hand."""

from __future__ import annotations

import datetime as dt

from attcli.config import parse_config
from builders import register, weekdays, write_long_csv

D = dt.date

#: the trust's own calendar: Autumn 1 and 2 of 2026/27
_TRUST = """
[school]
name = "Tree Trust"
urn = "500000"

[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-02
end = 2026-10-23

[[calendar.half_terms]]
name = "Autumn 2"
start = 2026-11-02
end = 2026-12-18

[schools.ash]
name = "Ash Academy"
urn = "400003"
files = ["ash-*.csv"]

[schools.cedar]
name = "Cedar Primary School"
urn = "400005"
files = ["cedar-*.csv"]
"""

#: Cedar's own Autumn 1, a week shorter than the trust's
_CEDAR_A1 = """
[[schools.cedar.half_terms]]
name = "Autumn 1"
start = 2026-09-07
end = 2026-10-16
"""

_CEDAR_A2 = """
[[schools.cedar.half_terms]]
name = "Autumn 2"
start = 2026-10-26
end = 2026-12-18
"""


def _present(n: int) -> str:
    return " ".join(["/\\"] * n)


def test_register_check_s_one_half_term_note_names_the_school_s_own_half_terms() -> None:
    """Cedar's own term dates give Autumn 1 only (7 Sep to 16 Oct 2026: 30 school days);
    its register holds those days.  The register check takes the autumn term to end on
    16/10/2026 and says to add the other half term where Cedar's term dates are,
    `[[schools.cedar.half_terms]]` (the trust's `[[calendar.half_terms]]` already holds
    two, and Cedar's own replace them).  Done as it says, the note is gone."""
    from attcli.lacheck import register_check

    reg = register({"A": _present(30), "B": _present(30)}, start=D(2026, 9, 7))
    cfg = parse_config(_TRUST + _CEDAR_A1).for_school("cedar")
    got = register_check(reg, cfg, term="autumn")
    said = [n for n in got.data_notes if "one half term" in n]
    assert said == [
        "the term dates give one half term of the autumn term 2026/27 (Autumn 1, to "
        "16/10/2026), and a term has two: the term is taken to end on 16/10/2026; add its "
        "other half term to [[schools.cedar.half_terms]]"
    ], got.data_notes
    fixed = parse_config(_TRUST + _CEDAR_A1 + _CEDAR_A2).for_school("cedar")
    after = register_check(reg, fixed, term="autumn", as_of=D(2026, 10, 16))
    assert not [n for n in after.data_notes if "one half term" in n], after.data_notes


def test_register_check_s_missing_term_names_the_school_s_own_half_terms() -> None:
    """Cedar's own term dates give the autumn term (7 Sep to 18 Dec 2026); its register
    holds Autumn 1.  `--term spring` is refused: no spring term in the data or the term
    dates, whose half terms to add are Cedar's own (the trust's `[calendar]` has no
    spring term either, but Cedar's list replaces it: adding there changes nothing for
    Cedar).  With Spring 1 added to `[[schools.cedar.half_terms]]` that refusal is gone
    (the next, rightly, is that the data ends before the spring term)."""
    import pytest

    from attcli.errors import AttcliError
    from attcli.lacheck import register_check

    reg = register({"A": _present(30)}, start=D(2026, 9, 7))
    cfg = parse_config(_TRUST + _CEDAR_A1 + _CEDAR_A2).for_school("cedar")
    with pytest.raises(AttcliError) as e:
        register_check(reg, cfg, term="spring")
    assert str(e.value) == (
        "no spring term 2026/27 in the data or the config's term dates (they hold the "
        "autumn term of it: give --term autumn, or add its half terms to "
        "[[schools.cedar.half_terms]])"
    )
    spring = '\n[[schools.cedar.half_terms]]\nname = "Spring 1"\nstart = 2027-01-05\nend = 2027-02-12\n'
    fixed = parse_config(_TRUST + _CEDAR_A1 + _CEDAR_A2 + spring).for_school("cedar")
    with pytest.raises(AttcliError) as e:
        register_check(reg, fixed, term="spring")
    assert str(e.value) == (
        "the data ends 16/10/2026, before the spring term starts (05/01/2027)"
    )


def test_register_check_without_a_school_s_term_dates_names_its_own_empty_list() -> None:
    """Cedar gives `half_terms = []`: its own list, empty, replaces the trust's, so its
    half terms are inferred from its register, which starts Mon 14 Sep 2026 (after 8
    September, the latest an English school goes back).  The autumn register check is
    refused for want of the term's first days, and the term dates to give are Cedar's own
    list (the trust's `[[calendar.half_terms]]` are there already and are not Cedar's).
    Given there (Autumn 1 from 14 Sep), the check runs: the term starts with the data."""
    import pytest

    from attcli.errors import AttcliError
    from attcli.lacheck import register_check

    reg = register({"A": _present(25)}, start=D(2026, 9, 14))  # 14 Sep to 16 Oct
    cfg = parse_config(_TRUST + "half_terms = []\n").for_school("cedar")
    with pytest.raises(AttcliError) as e:
        register_check(reg, cfg, term="autumn")
    assert str(e.value).endswith(
        "give the exports from 01/09/2026, or the school's term dates in "
        "[[schools.cedar.half_terms]]"
    ), str(e.value)
    own = _CEDAR_A1.replace("2026-09-07", "2026-09-14")
    fixed = parse_config(_TRUST + own).for_school("cedar")
    got = register_check(reg, fixed, term="autumn")
    assert (got.start, got.rows.height) == (D(2026, 9, 14), 0)


def _inferred(cfg_text: str, reg, as_of: D) -> list[str]:  # noqa: ANN001
    from attcli.engine import evaluate

    ev = evaluate(reg, parse_config(cfg_text).for_school("cedar"), as_of=as_of)
    return [w for w in ev.warnings if w.startswith("half terms are inferred")]


#: Cedar's own Autumn 1 and 2, its half-term holiday Wed 28 Oct to Tue 3 Nov 2026
_CEDAR_OWN = """
[[schools.cedar.half_terms]]
name = "Autumn 1"
start = 2026-09-07
end = 2026-10-27

[[schools.cedar.half_terms]]
name = "Autumn 2"
start = 2026-11-04
end = 2026-12-18
"""


def test_inferred_half_term_notes_name_the_school_s_own_empty_list() -> None:
    """Cedar gives `half_terms = []`: its own list, empty, replaces the trust's term dates,
    so its half terms are inferred from its register (DOMAIN.md 10).  (a) Its register
    runs 7 Sep to 20 Nov 2026 but Wed 28 Oct to Tue 3 Nov (5 weekdays, no whole week):
    Autumn 1 is inferred 07/09 to 20/11, and the unsplit-holiday line says so.  (b) Its
    register misses the weeks of 12 and 26 Oct: three autumn half terms, Autumn 3 from
    02/11.  Each line's term dates to give are Cedar's own list (the trust's
    `[[calendar.half_terms]]` hold dates already, and not Cedar's).  Given there, neither
    line is said: the half terms are no longer inferred."""
    holiday = [D(2026, 10, 28), D(2026, 10, 29), D(2026, 10, 30), D(2026, 11, 2), D(2026, 11, 3)]
    unsplit = register({"A": _present(50)}, holidays=holiday)  # to Fri 20 Nov
    empty = _TRUST + "half_terms = []\n"
    assert _inferred(empty, unsplit, D(2026, 11, 20)) == [
        "half terms are inferred from the register (no term dates for the school "
        "([schools.cedar] half_terms = [])): Autumn 1 (07/09/2026 to 20/11/2026) holds 5 weekdays without school, 28/10/2026 to "
        "03/11/2026, but no whole week without, so they were not taken as a holiday between "
        "two half terms: if they were, this half term's figures and lates run across it; "
        "give the term dates in the config ([[schools.cedar.half_terms]])"
    ]
    assert _inferred(_TRUST + _CEDAR_OWN, unsplit, D(2026, 11, 20)) == []

    weeks = [D(2026, 10, 12) + dt.timedelta(days=i) for i in (0, 1, 2, 3, 4, 14, 15, 16, 17, 18)]
    three = register({"A": _present(40)}, holidays=weeks)  # 7 Sep to Fri 13 Nov
    assert _inferred(empty, three, D(2026, 11, 13)) == [
        "half terms are inferred from the register (no term dates for the school "
        "([schools.cedar] half_terms = [])): it gives the autumn term 3 half terms (Autumn 3 from 02/11/2026), but a term has two: the "
        "weeks with no session between them (12/10/2026 to 16/10/2026; 26/10/2026 to "
        "30/10/2026) were each taken as a holiday; one of them may be a week of term the "
        "exports leave out (then give its export), and each half term's figures, lates and "
        "letters end and begin at them; give the term dates in the config "
        "([[schools.cedar.half_terms]])"
    ]


#: a trust with no term dates of its own; Cedar lists its own INSET days
_BARE = """
[school]
name = "Tree Trust"
urn = "500000"

[schools.ash]
name = "Ash Academy"
files = ["ash-*.csv"]

[schools.cedar]
name = "Cedar Primary School"
files = ["cedar-*.csv"]
inset_days = [2026-10-23]
"""


def test_short_half_term_note_names_the_school_s_own_inset_days() -> None:
    """Cedar is on the trust's term dates (none: its half terms are inferred) with its own
    INSET days (23 Oct 2026).  Its register holds Mon 7 to Fri 11 Sep 2026, no row in the
    week of 14 Sep (a closure never entered as `#`), then 21 Sep to Fri 2 Oct: Autumn 1 of
    one school week, said.  The term dates to give are the trust's `[[calendar.half_terms]]`
    (Cedar's own), but the closure goes in Cedar's own INSET days, which replace the
    trust's list for Cedar.  Done so (Autumn 1 from 7 Sep, the week of 14 Sep in
    `[schools.cedar] inset_days`), the line is gone and the week is no gap; the closure in
    `[calendar] inset_days` instead leaves the week a gap in the register for Cedar."""
    from attcli.engine import evaluate

    closed = [D(2026, 9, 14) + dt.timedelta(days=i) for i in range(5)]
    reg = register({"A": _present(15)}, holidays=closed)  # to Fri 2 Oct
    assert _inferred(_BARE, reg, D(2026, 10, 2)) == [
        "half terms are inferred from the register (no term dates in the config): Autumn 1 "
        "is 1 school week long (07/09/2026 to 11/09/2026), and the week with no session "
        "after it (14/09/2026 to 18/09/2026) was taken as its holiday, Autumn 2 from "
        "21/09/2026; no half term is that short: it may be a week of term the exports leave "
        "out (then give its export) or a closure never entered as '#', and each half term's "
        "figures, lates and letters end and begin at it: give the term dates in the config "
        "([[calendar.half_terms]], a closure in [schools.cedar] inset_days)"
    ]
    dates = '\n[[calendar.half_terms]]\nname = "Autumn 1"\nstart = 2026-09-07\nend = 2026-10-23\n'
    week = ", ".join(f"{d:%Y-%m-%d}" for d in closed)
    own = _BARE.replace("inset_days = [2026-10-23]", f"inset_days = [{week}, 2026-10-23]")
    ev = evaluate(reg, parse_config(own + dates).for_school("cedar"), as_of=D(2026, 10, 2))
    assert ev.coverage is not None and ev.coverage.gaps == ()
    assert not [w for w in ev.warnings if w.startswith("half terms are inferred")]
    trusts = _BARE.replace("[schools.ash]", f"[calendar]\ninset_days = [{week}]\n\n[schools.ash]")
    ev = evaluate(reg, parse_config(trusts + dates).for_school("cedar"), as_of=D(2026, 10, 2))
    assert ev.coverage is not None and [g.start for g in ev.coverage.gaps] == [D(2026, 9, 14)]


def test_a_register_only_in_the_school_s_holiday_names_its_own_keys() -> None:
    """Cedar's own term dates end Autumn 1 on Fri 16 Oct 2026 and start Autumn 2 on Mon 2
    Nov (the trust's Autumn 1 runs to 23 Oct).  Its register holds 19-23 Oct only: A
    present, B `#` (closed) each day, so half the pupils on roll have marks, each day one
    of Cedar's holidays: a holiday club's register, set aside, and nothing is left.  The
    refusal names where Cedar's dates are, its own half terms and INSET days (Cedar's own
    term dates beside no trust list).  Corrected there (Autumn 1 to 23 Oct), it is gone."""
    import pytest

    from attcli.engine import evaluate
    from attcli.errors import AttcliError

    reg = register({"A": _present(5), "B": " ".join(["#"] * 5)}, start=D(2026, 10, 19))
    own = _CEDAR_A1 + _CEDAR_A2.replace("2026-10-26", "2026-11-02")
    with pytest.raises(AttcliError) as e:
        evaluate(reg, parse_config(_TRUST + own).for_school("cedar"), as_of=D(2026, 10, 23))
    assert str(e.value) == (
        "the register has marks only on days the term dates make holidays: check "
        "[[schools.cedar.half_terms]] and [schools.cedar] inset_days"
    )
    fixed = parse_config(_TRUST + own.replace("2026-10-16", "2026-10-23")).for_school("cedar")
    ev = evaluate(reg, fixed, as_of=D(2026, 10, 23))
    assert [(p["upn"], p["possible"]) for p in ev.pupils.iter_rows(named=True)] == [
        ("A", 10), ("B", 0)
    ]


#: seeds 000/001's ladder: a notice to improve when the penalty-notice threshold is met
_NTI_LADDER = """
[[escalation.stages]]
name = "nti"
title = "Notice to improve"
action = "notice_to_improve"
when_flag = "pn"
weeks = 4

"""


def test_a_notice_to_improve_pack_names_the_school_s_own_half_terms(tmp_path) -> None:  # noqa: ANN001
    """A trust (the trust's Autumn 1 and 2, seeds 000/001's ladder: a notice to improve
    when the penalty-notice threshold is met); Cedar's own term dates give Autumn 1 only (7
    Sep to 23 Oct 2026).  P's register at Cedar runs 7 Sep to 23 Oct, 10 `O` 5-9 Oct.  A
    pack made on Fri 16 Oct proposes 4 weeks from the next day, past Cedar's term dates:
    calendar weeks (17/10 to 13/11), said, with the half terms to add where Cedar's are (the
    trust's reach 18 Dec already).  Added there (Autumn 2 from 2 Nov), the period is 4
    school weeks, 19-23 Oct and 2-20 Nov, and nothing is said."""
    from attcli.evidence.build import NOTICE_TO_IMPROVE, load_pack
    from school import contacts_file

    days = weekdays(D(2026, 9, 7), D(2026, 10, 23))
    marks = " ".join("OO" if D(2026, 10, 5) <= d <= D(2026, 10, 9) else "/\\" for d in days)
    export = tmp_path / "cedar-autumn.csv"
    write_long_csv(register({"A0": _present(len(days)), "P": marks}), export, dob=True, groups=True)
    contacts = contacts_file(tmp_path / "contacts.csv", [("P", "CP", "Mrs", "Ann", "Parent")])
    head, schools = _TRUST.split("[schools.ash]")
    a1 = _CEDAR_A1.replace("2026-10-16", "2026-10-23")

    def pack(own: str):  # noqa: ANN202
        history = f'\n[history]\npath = "{tmp_path / "h.sqlite3"}"\n'
        text = head + history + _NTI_LADDER + "[schools.ash]" + schools + own
        cfg = parse_config(text).for_school("cedar")
        return load_pack(
            [export], cfg, "P", NOTICE_TO_IMPROVE, contacts=contacts, as_of=D(2026, 10, 16),
            made_on=D(2026, 10, 16),
        )  # fmt: skip

    got = pack(a1)
    assert got.improvement_period == (D(2026, 10, 17), D(2026, 11, 13))
    assert got.improvement_note() == (
        "the improvement period (4 weeks, 17/10/2026 to 13/11/2026) is counted in calendar "
        "weeks, not school weeks: the term dates in the config end 23/10/2026, so it may fall "
        "in a holiday; add the next half terms' dates to the config "
        "([[schools.cedar.half_terms]]) before the notice is issued"
    )
    # (the pack counts its period so: coverage.improvement_period, True = school weeks)
    from attcli.coverage import improvement_period

    text = _TRUST + a1 + _CEDAR_A2.replace("2026-10-26", "2026-11-02")
    fixed = parse_config(text).for_school("cedar")
    assert improvement_period(D(2026, 10, 17), 4, fixed.half_terms, fixed.inset_days) == (
        D(2026, 10, 19), D(2026, 11, 20), True
    )  # fmt: skip


def test_the_ladder_s_half_term_gap_names_the_school_s_own_half_terms(tmp_path) -> None:  # noqa: ANN001
    """The trust's ladder monitors in half terms (amber and red, `half_terms = 1`); Cedar's
    own term dates give Autumn 1 (7 Sep to 23 Oct 2026) and Spring 1 (4 Jan to 12 Feb
    2027), Autumn 2 left out.  `cases` on Cedar's register (Autumn 1, as of 23 Oct) says a
    period across the gap has no known end, naming the list that leaves it out: Cedar's
    own (the trust's holds Autumn 2).  With Autumn 2 added there, nothing is said.  A
    school whose own list is empty is told its own list lists none."""
    from attcli.cases.run import casebook
    from attcli.engine import prepare
    from attcli.ladder import unlisted_half_terms
    from school import HALF_TERM_LADDER

    head, schools = _TRUST.split("[schools.ash]")
    history = f'\n[history]\npath = "{tmp_path / "h.sqlite3"}"\n'
    spring = '\n[[schools.cedar.half_terms]]\nname = "Spring 1"\nstart = 2027-01-04\nend = 2027-02-12\n'
    a1 = _CEDAR_A1.replace("2026-10-16", "2026-10-23")
    reg = register({"A": _present(35)}, start=D(2026, 9, 7))

    def said(own: str) -> list[str]:
        text = head + history + HALF_TERM_LADDER + "[schools.ash]" + schools + own
        cfg = parse_config(text).for_school("cedar")
        prepared = prepare(reg, cfg)
        got = casebook(prepared, prepared.evaluate(as_of=D(2026, 10, 23)), cfg)
        return [w for w in got.warnings if "(half_terms = N)" in w]

    assert said(a1 + spring) == [
        "the ladder's steps amber, red monitor in half terms (half_terms = N), but "
        "[[schools.cedar.half_terms]] leaves a half term out between Autumn 1 (to "
        "23/10/2026) and Spring 1 (from 04/01/2027): a period across it has no known end "
        "until it is added"
    ]
    assert said(a1 + _CEDAR_A2.replace("2026-10-26", "2026-11-02") + spring) == []
    empty = parse_config(HALF_TERM_LADDER + _TRUST + "half_terms = []\n").for_school("cedar")
    (line,) = unlisted_half_terms(empty.escalation, empty.half_terms, empty.half_terms_key)
    assert "but attcli.toml lists no [[schools.cedar.half_terms]]: their periods" in line, line


#: a letter at 93 % or less, then a referral after a term on the ladder without
#: improvement (seed 004's steps, shortened)
_TERM_LADDER = """
[escalation]
improve_points = 1
improve_to = 95
[[escalation.stages]]
name = "letter"
action = "letter"
template = "red"
when_at_most = 93
weeks = 4
[[escalation.stages]]
name = "referral"
title = "Referral"
action = "referral"
after = "letter"
when_not_improved_over = "term"

"""


def test_a_term_on_the_ladder_not_listed_names_the_school_s_own_half_terms(tmp_path) -> None:  # noqa: ANN001
    """Cedar's own term dates give Autumn 1 (7 Sep to 23 Oct 2026) and Spring 1 (4 Jan to
    12 Feb 2027), Autumn 2 left out; S misses each Wednesday afternoon (90 %), and a letter
    is on record on Tue 10 Nov 2026, in the gap.  As of 12 Feb the term on the ladder from
    10 Nov cannot be reckoned: its term is not in the list, which is Cedar's own (the
    trust's holds Autumn 2).  With Autumn 2 (2 Nov to 18 Dec) in Cedar's list, and its
    register, the term is known, and the note is gone."""
    from attcli.cases.run import casebook
    from attcli.engine import prepare
    from attcli.store import History
    from builders import register_rows

    head, schools = _TRUST.split("[schools.ash]")
    history = tmp_path / "h.sqlite3"
    spring = '\n[[schools.cedar.half_terms]]\nname = "Spring 1"\nstart = 2027-01-04\nend = 2027-02-12\n'
    a1 = _CEDAR_A1.replace("2026-10-16", "2026-10-23")
    a2 = _CEDAR_A2.replace("2026-10-26", "2026-11-02")
    with History(history, write=True) as store:
        store.record_action("S", "letter", D(2026, 11, 10), by="Ms Lead", school="cedar")

    def unknown(own: str, *spans: tuple[D, D]) -> str | None:
        text = head + f'\n[history]\npath = "{history}"\n' + _TERM_LADDER + "[schools.ash]"
        cfg = parse_config(text + schools + own).for_school("cedar")
        rows = [
            {"upn": "S", "date": d, "session": s, "mark": m}
            for a, b in spans
            for d in weekdays(a, b)
            for s, m in zip(("AM", "PM"), "/O" if d.weekday() == 2 else "/\\", strict=True)
        ]
        prepared = prepare(register_rows(rows), cfg)
        (row,) = casebook(prepared, prepared.evaluate(as_of=D(2027, 2, 12)), cfg).rows
        return row.case.term_unknown

    autumn_1, autumn_2 = (D(2026, 9, 7), D(2026, 10, 23)), (D(2026, 11, 2), D(2026, 12, 18))
    spring_1 = (D(2027, 1, 4), D(2027, 2, 12))
    assert unknown(a1 + spring, autumn_1, spring_1) == (
        "a term on the ladder from the first step on 10/11/2026 cannot be judged: "
        "attcli.toml's [[schools.cedar.half_terms]] do not hold the term that day is in (the "
        "2026/27 school year's): list them too, or Referral, due after a term without "
        "improvement, never falls due by it (docs/cases.md step 4)"
    )
    assert unknown(a1 + a2 + spring, autumn_1, autumn_2, spring_1) is None


def test_cme_s_run_past_the_data_names_the_school_s_own_half_terms() -> None:
    """Cedar's own term dates end Autumn 1 on Fri 23 Oct 2026 (the trust's run to 18 Dec);
    A's register ends with 6 days of `N` (16 to 23 Oct), and `cme` is asked as of Fri 6
    Nov: the 10 weekdays after the data (26 Oct to 6 Nov) have no term dates of Cedar's,
    so the run may have reached 10 days; the term dates to give are Cedar's own.  Given
    there (Autumn 2 from 2 Nov: 26-30 Oct a holiday), the days are known and the line is
    not said."""
    from attcli.cme import after_data_line
    from attcli.engine import evaluate

    a1 = _CEDAR_A1.replace("2026-10-16", "2026-10-23")
    reg = register({"A": _present(29) + " N" * 6, "B": _present(35)}, start=D(2026, 9, 7))
    ev = evaluate(reg, parse_config(_TRUST + a1).for_school("cedar"), as_of=D(2026, 11, 6))
    assert after_data_line(ev, 10) == (
        "1 run of unexplained absence reaches the end of the data, 23/10/2026, and may have "
        "gone on through the 10 weekdays (not bank holidays) to 06/11/2026, which with no "
        "term dates for them attcli cannot tell from a holiday (SurnameA, ForenameA (A), 6 "
        "school days to 23/10/2026): give the exports to 06/11/2026, or the term dates "
        "([[schools.cedar.half_terms]]), to count it"
    )
    own = a1 + _CEDAR_A2.replace("2026-10-26", "2026-11-02")
    ev = evaluate(reg, parse_config(_TRUST + own).for_school("cedar"), as_of=D(2026, 11, 6))
    assert after_data_line(ev, 10) is None


def test_an_la_return_s_unknown_days_name_the_school_s_own_empty_list() -> None:
    """Cedar gives `half_terms = []` (its own list, empty, in place of the trust's).  Its
    October return from exports ending Fri 23 Oct 2026, made on 10 Nov: October's 5
    weekdays after the data (26-30 Oct) may have been school days, said, with the term
    dates to give in Cedar's own list (the trust's are there already).  Given there, the
    line is not said (the days are counted, or refused, by the term dates)."""
    from attcli.coverage import unknown_after_data_note

    def note(own: str) -> list[str]:
        cfg = parse_config(_TRUST + own).for_school("cedar")
        return unknown_after_data_note(
            cfg, D(2026, 10, 23), D(2026, 10, 31), "October 2026", today=D(2026, 11, 10)
        )

    assert note("half_terms = []\n") == [
        "the exports end 23/10/2026, and October 2026 has 5 weekdays after it (26/10/2026 "
        "to 30/10/2026): with no term dates for the school ([schools.cedar] half_terms = "
        "[]) attcli cannot tell which were school days, so this return is of October 2026 to 23/10/2026 only, not the whole "
        "month; export the register up to 30/10/2026, or give the school's term dates "
        "([[schools.cedar.half_terms]])"
    ]
    assert note(_CEDAR_OWN) == []


def test_a_school_s_half_terms_not_a_list_names_its_own_tables() -> None:
    """`half_terms = "Autumn"` under `[schools.cedar]` is refused naming Cedar's key, and
    the tables it wants are Cedar's `[[schools.cedar.half_terms]]`, not the trust's; given
    so, the config is read."""
    import pytest

    from attcli.errors import ConfigError

    with pytest.raises(ConfigError) as e:
        parse_config(_TRUST + 'half_terms = "Autumn"\n')
    assert str(e.value) == (
        "config key 'schools.cedar.half_terms': expected a list of "
        "[[schools.cedar.half_terms]] tables"
    )
    assert parse_config(_TRUST + _CEDAR_A1).for_school("cedar").half_terms[0].name == "Autumn 1"
