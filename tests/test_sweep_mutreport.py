"""Mutation testing of suppression, the trust's figures, the national figures and the
check's JSON (sweep of 5 December (fifth), mutreport): each test closes a gap a surviving
mutant showed, its answer worked out by hand."""

from __future__ import annotations

from attcli.suppress import PRIMARY, SECONDARY, partition, suppress, versus_rest

# --------------------------------------------------------------------------- suppression


def test_a_minimum_of_1_hides_nothing_and_0_is_refused():
    """``[report] min_cohort = 1`` is valid (the config takes any whole number from 1):
    "fewer than 1 pupil" is no group, so a cohort of 1 pupil is shown, never an error.
    (``minimum < 1`` -> ``<= 1`` refused it: a ValueError, a traceback.)"""
    pupils = {"school": 7, "a": 1, "b": 6}
    assert suppress(pupils, [partition("school", ["a", "b"])], 1) == {}
    # the boundary each side: 2 hides the cohort of 1 (and its partner), 0 is refused
    assert suppress(pupils, [partition("school", ["a", "b"])], 2) == {"a": PRIMARY, "b": SECONDARY}
    try:
        suppress(pupils, [partition("school", ["a", "b"])], 0)
    except ValueError as e:
        assert "at least 1" in str(e)
    else:
        raise AssertionError("a minimum of 0 was taken")


def test_an_empty_partner_is_never_hidden_beside_a_cohort():
    """A cohort of 3 hidden (fewer than 5) whose rest of the school has no pupil: the rest
    (0) gives nothing away and is not hidden as its pair; the pupils with no value (4) are
    the cell hidden beside it, so the school (7) less them cannot give the 3.
    (``pupils[b] > 0`` -> ``>= 0`` in the pairs hid the empty rest.)"""
    pupils = {"school": 7, "m": 3, "rest": 0, "u": 4}
    hidden = suppress(pupils, [versus_rest("school", "m", "rest", "u")], 5, pairs=[("m", "rest")])
    assert hidden == {"m": PRIMARY, "u": PRIMARY}


def test_an_empty_total_is_never_hidden_as_a_partner():
    """A cell hidden from the start (a cohort's rest hidden with its row) in a group whose
    total is 0: nothing is there to protect, and no empty cell, total or part, is hidden
    beside it. (``pupils[g.total] > 0`` -> ``>= 0`` hid the empty total.)"""
    pupils = {"T": 0, "a": 0, "b": 0}
    assert suppress(pupils, [partition("T", ["a", "b"])], 5, start={"a": SECONDARY}) == {
        "a": SECONDARY
    }


def test_pupils_with_any_sen_in_neither_part_are_a_small_group_too():
    """Any SEN 14, SEN support 6, an EHC plan 6, of a school of 100: 2 pupils have another
    SEN status (14 - 6 - 6), a group of fewer than 5 whose figures are Any SEN's less both
    rows'. It is hidden (primary), so one of the two rows beside it must go too: SEN support
    (the smaller, first listed of two as small) with its rest, which is shown or hidden with
    it. (``pupils[whole] - sum(parts)`` -> ``+`` made it 26 and hid nothing.)"""
    from attcli.suppress import CohortRow, cohort_cells

    rows = [
        CohortRow("SEN", "Any SEN", 14, 86, 0),
        CohortRow("SEN", "SEN support", 6, 94, 0),
        CohortRow("SEN", "EHC plan", 6, 94, 0),
    ]
    pupils, groups, pairs = cohort_cells("s", "s", rows)
    others = ("s", "others", "SEN", "Any SEN")
    assert pupils[others] == 2
    hidden = suppress({"s": 100, **pupils}, groups, 5, pairs=pairs)
    assert hidden == {
        others: PRIMARY,
        ("s", "cohort", "SEN", "SEN support"): SECONDARY,
        ("s", "rest", "SEN", "SEN support"): SECONDARY,
    }


# --------------------------------------------------------------------------- the trust's figures


def _figures(name, pupils, attended, possible, previous, hidden=False):  # noqa: ANN001, ANN202
    from attcli.report.trust import SchoolFigures
    from attcli.summary_file import Counts

    counts = Counts(pupils, pupils, 0, 0, possible, attended, possible - attended, 0)
    return SchoolFigures(name, "1", None, counts, previous, hidden=hidden)


def test_a_hidden_school_is_never_among_the_schools_that_moved_most():
    """Ash (40 pupils): 90 of 100 sessions now (90.0 %), 85 of 100 at the end of last half
    term: +5 points.  Birch, hidden (3 pupils): 30 of 60 (50.0 %), 57 of 60 then (95.0 %):
    -45 points, the largest move, but its figures are not shown anywhere, so not in "moved
    most" either.  Cedar has no figure from last half term: no change, not listed.
    (``not s.hidden and s.change is not None`` -> ``or`` listed Birch first.)"""
    import datetime as dt
    from fractions import Fraction

    from attcli.report.trust import TrustReport

    ash = _figures("Ash", 40, 90, 100, (85, 100))
    birch = _figures("Birch", 3, 30, 60, (57, 60), hidden=True)
    cedar = _figures("Cedar", 30, 80, 100, None)
    assert ash.change == Fraction(5) and birch.change == Fraction(-45) and cedar.change is None
    total = _figures("Trust", 73, 200, 260, None)
    report = TrustReport("t", (dt.date(2026, 9, 7), dt.date(2026, 10, 2)), [ash, birch, cedar],
                         total, None, 5, [], {}, [], {})  # fmt: skip
    assert [s.name for s in report.movers] == ["Ash"]


# --------------------------------------------------------------------------- national figures


def test_a_published_figure_of_three_decimals_is_rounded_half_up_to_two():
    """EES publishes some figures to three places: 14.555 is shown 14.56 (half up), 14.545
    14.55 (half up, not to even: 14.54), 14.554 14.55; two places as published.
    (``exponent >= -2`` -> ``>= -3`` kept 14.555 unrounded.)"""
    from decimal import Decimal
    from fractions import Fraction

    from attcli.national import shown

    assert shown(Decimal("14.555")) == Fraction(1456, 100)
    assert shown(Decimal("14.545")) == Fraction(1455, 100)
    assert shown(Decimal("14.554")) == Fraction(1455, 100)
    assert shown(Decimal("14.50")) == Fraction(145, 10)


def test_a_school_with_no_pupil_in_a_cohort_has_all_its_known_pupils_as_the_rest():
    """Birch records gender but has no "Other": for the trust's "Other" row Birch gives no
    member, and its rest is every pupil whose gender is known, Female 10 (180 of 200
    sessions) and the rest of them 12 (230 of 240): 22 pupils, 410 of 440; the 1 pupil
    with no gender is in neither. A school that does not record gender gives nothing.
    (``sibling.members + sibling.rest`` -> ``-``.)"""
    from types import SimpleNamespace

    from attcli.report.trust import _cohort_counts
    from attcli.summary_file import Cohort, Counts

    def c(pupils, attended, possible):  # noqa: ANN001, ANN202
        return Counts(pupils, pupils, 0, 0, possible, attended, possible - attended, 0)

    birch = SimpleNamespace(
        cohorts=[Cohort("gender", "Female", 1, c(10, 180, 200), c(12, 230, 240))]
    )
    members, rest, unknown = _cohort_counts(birch, "gender", "Other")
    assert members == Counts.zero() and unknown == 1
    assert (rest.pupils, rest.attended, rest.possible) == (22, 410, 440)
    assert _cohort_counts(SimpleNamespace(cohorts=[]), "gender", "Other") is None


def test_the_phase_from_year_groups_at_exactly_95_percent_and_year_6():
    """Primary when at least 95 % of the pupils with a year group are in Reception to Year
    6: 19 of 20 (95 % exactly) is primary, 18 of 19 (94.7 %) all-through; the same for
    Year 7 and up. Year 6 is primary, Year 7 secondary. (``>=`` -> ``>`` made 19 of 20
    all-through; ``<= 6`` -> ``< 6`` left Year 6 in neither.)"""
    from attcli import national
    from attcli.config import parse_config

    cfg = parse_config("")
    assert national.school_phase(cfg, ["1"] * 19 + ["7"]) == (
        "primary", "the register's year groups (19 of 20 pupils in Reception to Year 6)")  # fmt: skip
    assert national.school_phase(cfg, ["1"] * 18 + ["7"])[0] == "all"
    assert national.school_phase(cfg, ["7"] * 19 + ["1"])[0] == "secondary"
    assert national.school_phase(cfg, ["7"] * 18 + ["1"])[0] == "all"
    assert national.school_phase(cfg, ["6"] * 20)[0] == "primary"
    assert national.school_phase(cfg, ["7"] * 20)[0] == "secondary"


def test_the_school_year_a_release_s_period_names():
    """ "2023/24 academic year" is the school year from 2023; "1999/00" from 1999 (the
    century turns); "2023/25" and "2026 week 2" name no school year.
    (``m is None or ...`` -> ``and`` crashed on "2026 week 2" and took "2023/25".)"""
    from attcli.national import academic_year

    assert academic_year("2023/24 academic year") == 2023
    assert academic_year("1999/00 academic year") == 1999
    assert academic_year("2023/25 academic year") is None
    assert academic_year("2026 week 2") is None


def test_a_hidden_school_s_half_term_ending_on_a_monday_is_split_in_its_week():
    """Ash and Birch, both hidden; the trust's change since last half term shown (both half
    terms ended Monday 28 September). Ash has sessions in the weeks of 14/09 and 28/09,
    Birch in the week of 28/09 only. The reader knows the trust's total (Ash's 14/09 +
    28/09 + Birch's 28/09) and its figure to the end of last half term (Ash's 14/09 + both
    schools' Monday 28/09). The week of 14/09 is Ash's alone: withheld. The week of 28/09
    shown would give the total less it: Ash's 14/09, a hidden school's week: withheld too.
    Were the half term to end Friday 25/09, the figure to its end would be Ash's 14/09
    already, so 28/09 tells nothing more: shown. (``w <= cut`` -> ``w < cut`` left the
    Monday out of what the reader knows, and showed 28/09.)"""
    import datetime as dt
    from types import SimpleNamespace

    from attcli.report.trust import _private_weeks
    from attcli.summary_file import Counts

    w14, w28 = dt.date(2026, 9, 14), dt.date(2026, 9, 28)
    week = (None, Counts(1, 1, 0, 0, 10, 10, 0, 0))

    def schools(cut):  # noqa: ANN001, ANN202
        prev = SimpleNamespace(as_of=cut)
        return [
            SimpleNamespace(name="Ash", weeks={w14: week, w28: week}, previous=prev),
            SimpleNamespace(name="Birch", weeks={w28: week}, previous=prev),
        ]

    hide = {"Ash": PRIMARY, "Birch": PRIMARY}
    assert _private_weeks(schools(w28), hide, [w14, w28], set(), True) == [w14, w28]
    assert _private_weeks(schools(dt.date(2026, 9, 25)), hide, [w14, w28], set(), True) == [w14]
