"""Small-number suppression (attcli.suppress), every case worked by hand, and the attack it
stops: a hidden cell worked out as a shown total less the cells shown beside it.

The rule (minimum 5 unless said): a cell with 1 to 4 pupils is hidden (primary); where a
shown total has exactly one hidden cell among the cells that add up to it, the smallest
other non-empty cell is hidden too (secondary), in every dimension until nothing changes;
then any hidden cell a combination of totals still pins down gets a partner hidden too.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from attcli.suppress import (
    ALL,
    PRIMARY,
    SECONDARY,
    Group,
    crosstab,
    exposed,
    mask_frame,
    mask_rows,
    partition,
    primary,
    recovered_by_subtraction,
    suppress,
    versus_rest,
)


def determined_by_rank(hidden: set, groups: list[Group]) -> set:
    """An independent check of :func:`exposed`, in floating point: hidden cell i is pinned
    down by the equations (total - parts = known) exactly when deleting its column from the
    equations' matrix lowers the rank (no solution of the homogeneous system moves it)."""
    keys = sorted(hidden, key=repr)
    if not keys:
        return set()
    col = {k: i for i, k in enumerate(keys)}
    rows = []
    for g in groups:
        row = np.zeros(len(keys))
        for k, c in ((g.total, 1), *((p, -1) for p in g.parts)):
            if k in col:
                row[col[k]] += c
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    a = np.array(rows)
    rank = np.linalg.matrix_rank(a)
    return {k for k in keys if np.linalg.matrix_rank(np.delete(a, col[k], axis=1)) < rank}


def residuals(values: dict, hidden: set, groups: list[Group]) -> list[tuple[int, list]]:
    """For each group with a shown total: the total less the parts shown, and the hidden
    parts whose sum it is."""
    out = []
    for g in groups:
        if g.total in hidden:
            continue
        parts = [p for p in g.parts if p in hidden]
        if parts:
            out.append(
                (values[g.total] - sum(values[p] for p in g.parts if p not in hidden), parts)
            )
    return out


# --------------------------------------------------------------------------- primary


def test_primary_hides_1_to_4_pupils_and_never_an_empty_cell():
    pupils = {"none": 0, "one": 1, "four": 4, "five": 5, "many": 100}
    assert primary(pupils, 5) == {"one", "four"}
    assert primary(pupils, 1) == set()  # min_cohort = 1: nothing is small
    assert suppress(pupils, [], 5) == {"one": PRIMARY, "four": PRIMARY}
    with pytest.raises(ValueError, match="at least 1"):
        suppress(pupils, [], 0)


def test_a_group_naming_a_cell_with_no_count_is_an_error():
    with pytest.raises(ValueError, match="cell 'x' of a group has no pupil count"):
        suppress({"s": 10, "a": 3}, [partition("s", ["a", "x"])], 5)


# --------------------------------------------------------------------------- one dimension


#: A school of 102 pupils: year 8 has 3 (primary), year 10 the next fewest, 6.  Possible
#: sessions: 140 a pupil.
YEARS = {"school": 102, "7": 40, "8": 3, "9": 41, "10": 6, "11": 12}
YEAR_SESSIONS = {k: 140 * n for k, n in YEARS.items()}  # school 14,280; year 8 420; year 10 840
YEAR_GROUPS = [partition("school", ["7", "8", "9", "10", "11"])]


def test_year_groups_summing_to_the_school():
    hidden = suppress(YEARS, YEAR_GROUPS, 5)
    assert hidden == {"8": PRIMARY, "10": SECONDARY}
    # the attack before and after: with year 8 alone hidden the school less the year groups
    # shown is year 8's 420 sessions; with year 10 hidden too it is 420 + 840 = 1,260
    assert recovered_by_subtraction(YEAR_SESSIONS, {"8"}, YEAR_GROUPS) == {"8": 420}
    assert recovered_by_subtraction(YEAR_SESSIONS, set(hidden), YEAR_GROUPS) == {}
    assert residuals(YEAR_SESSIONS, set(hidden), YEAR_GROUPS) == [(1260, ["8", "10"])]
    assert 1260 not in (YEAR_SESSIONS["8"], YEAR_SESSIONS["10"])
    assert exposed(hidden, YEAR_GROUPS) == set()


def test_ties_go_to_the_cell_listed_first_and_empty_cells_are_never_picked():
    pupils = {"s": 30, "a": 2, "zero": 0, "b": 14, "c": 14}
    assert suppress(pupils, [partition("s", ["a", "zero", "b", "c"])], 5) == {
        "a": PRIMARY,
        "b": SECONDARY,
    }


def test_two_small_cells_need_no_partner():
    pupils = {"s": 60, "a": 2, "b": 4, "c": 54}
    assert suppress(pupils, [partition("s", ["a", "b", "c"])], 5) == {"a": PRIMARY, "b": PRIMARY}


def test_a_cohort_and_the_rest_of_the_school_hide_together():
    """FSM 3 pupils against a rest of 201: the school's figure less the rest's would be FSM's."""
    pupils = {"school": 204, "fsm": 3, "rest": 201}
    sessions = {"school": 28680, "fsm": 426, "rest": 28254}
    groups = [versus_rest("school", "fsm", "rest")]
    hidden = suppress(pupils, groups, 5)
    assert hidden == {"fsm": PRIMARY, "rest": SECONDARY}
    assert recovered_by_subtraction(sessions, set(hidden), groups) == {}
    # and the other way round: the rest of the school is the small one
    assert suppress({"school": 204, "fsm": 201, "rest": 3}, groups, 5) == {
        "rest": PRIMARY,
        "fsm": SECONDARY,
    }
    # pupils whose attribute is not known are a third part: the smaller partner is hidden
    unknown = [versus_rest("school", "fsm", "rest", "unknown")]
    assert suppress({"school": 204, "fsm": 3, "rest": 191, "unknown": 10}, unknown, 5) == {
        "fsm": PRIMARY,
        "unknown": SECONDARY,
    }


def test_cells_hidden_from_the_start_count_as_hidden():
    """One pupil with no gender beside Female 15 and Male 14 of a school of 30 shown: the
    no-value pupil is 30 - 15 - 14.  Hidden (primary), with the smaller partner, Male (14).
    A row that hides Female's rest (which is Male) with Female starts the rule with both."""
    groups = [versus_rest("school", "f", "m", "u")]
    pupils = {"school": 30, "f": 15, "m": 14, "u": 1}
    pa = {"school": 18, "f": 9, "m": 9, "u": 0}
    hidden = suppress(pupils, groups, 5)
    assert hidden == {"u": PRIMARY, "m": SECONDARY}
    assert recovered_by_subtraction(pa, set(hidden), groups) == {}
    # Female hidden from the start: the group has two hidden cells, nothing more to hide
    assert suppress(pupils, groups, 5, start={"f": SECONDARY}) == {"u": PRIMARY, "f": SECONDARY}
    with pytest.raises(ValueError, match="no pupil count"):
        suppress(pupils, groups, 5, start={"x": SECONDARY})


def test_schools_summing_to_the_trust():
    pupils = {"trust": 443, "A": 200, "B": 3, "C": 150, "D": 90}
    groups = [partition("trust", ["A", "B", "C", "D"])]
    assert suppress(pupils, groups, 5) == {"B": PRIMARY, "D": SECONDARY}


def test_a_hidden_total_hides_a_part_too():
    """A trust of schools A (30 pupils), B (1,000) and S (3).  S is small; A is its partner
    (the smaller of A and B).  A's year groups (10, 12, 8) are all shown, so A's total is the
    only hidden cell of its own group: A = A7 + A8 + A9, then S = trust - A - B.  So the
    smallest of A's year groups, A9, is hidden too."""
    pupils = {"trust": 1033, "A": 30, "B": 1000, "S": 3, "A7": 10, "A8": 12, "A9": 8}
    groups = [partition("trust", ["A", "B", "S"]), partition("A", ["A7", "A8", "A9"])]
    hidden = suppress(pupils, groups, 5)
    assert hidden == {"S": PRIMARY, "A": SECONDARY, "A9": SECONDARY}
    sessions = {k: 140 * n for k, n in pupils.items()}
    assert recovered_by_subtraction(sessions, {"S", "A"}, groups) == {"A": 4200, "S": 420}
    assert recovered_by_subtraction(sessions, set(hidden), groups) == {}
    assert exposed(hidden, groups) == set()


# --------------------------------------------------------------------------- two dimensions

#:            Y7   Y8   Y9 | total
#: school A   40    3   41 |  84
#: school B   30   25    2 |  57
#: school C   50   45   60 | 155
#: total     120   73  103 | 296
TABLE = {("A", "Y7"): 40, ("A", "Y8"): 3, ("A", "Y9"): 41,
         ("B", "Y7"): 30, ("B", "Y8"): 25, ("B", "Y9"): 2,
         ("C", "Y7"): 50, ("C", "Y8"): 45, ("C", "Y9"): 60}  # fmt: skip


def _with_margins(cells: dict) -> dict:
    out = dict(cells)
    rows = sorted({r for r, _ in cells})
    cols = sorted({c for _, c in cells})
    for r in rows:
        out[(r, ALL)] = sum(v for (rr, _), v in cells.items() if rr == r)
    for c in cols:
        out[(ALL, c)] = sum(v for (_, cc), v in cells.items() if cc == c)
    out[(ALL, ALL)] = sum(cells.values())
    return out


def test_schools_by_year_group_cascade_until_every_line_is_safe():
    """By hand, the groups in crosstab's order (rows A, B, C, then columns Y7, Y8, Y9):
    A/Y8 (3) and B/Y9 (2) are small.  Row A has one hidden: A/Y7 (40, fewer than A/Y9's 41).
    Row B: B/Y8 (25, fewer than B/Y7's 30).  Column Y7 now has A/Y7 alone: B/Y7 (30, fewer
    than C/Y7's 50).  Column Y8 has two.  Column Y9 has B/Y9 alone: A/Y9 (41, fewer than
    60).  Second pass: every row and column has 0, 2 or 3 hidden; schools A and B show no
    year group, and their five equations (two rows, three columns; one follows from the
    others) leave two unknowns free: no cell is pinned down."""
    pupils = _with_margins(TABLE)
    groups = crosstab(["A", "B", "C"], ["Y7", "Y8", "Y9"])
    hidden = suppress(pupils, groups, 5)
    assert hidden == {
        ("A", "Y8"): PRIMARY,
        ("B", "Y9"): PRIMARY,
        ("A", "Y7"): SECONDARY,
        ("B", "Y8"): SECONDARY,
        ("B", "Y7"): SECONDARY,
        ("A", "Y9"): SECONDARY,
    }
    sessions = {k: 140 * v for k, v in pupils.items()}
    assert recovered_by_subtraction(sessions, set(hidden), groups) == {}
    assert exposed(hidden, groups) == set() == determined_by_rank(set(hidden), groups)
    # before the secondary rule, row A's total less A/Y7 and A/Y9 is A/Y8 exactly
    first = {("A", "Y8"), ("B", "Y9")}
    assert recovered_by_subtraction(sessions, first, groups) == {
        ("A", "Y8"): 420,
        ("B", "Y9"): 280,
    }


#: Two blocks of small cells joined by one small cell, (1, 3):
#:        c1  c2  c3  c4
#:   r1    2   3   4  20
#:   r2    1   2  30  25
#:   r3   40  35   3   4
#:   r4   22  28   2   1
BRIDGE = {(1, 1): 2, (1, 2): 3, (1, 3): 4, (1, 4): 20,
          (2, 1): 1, (2, 2): 2, (2, 3): 30, (2, 4): 25,
          (3, 1): 40, (3, 2): 35, (3, 3): 3, (3, 4): 4,
          (4, 1): 22, (4, 2): 28, (4, 3): 2, (4, 4): 1}  # fmt: skip


def test_a_cell_joining_two_blocks_is_given_away_by_a_combination_of_totals():
    """Every row and column holds 0, 2 or 3 of the nine small cells, so the one-group rule
    hides nothing more; yet (1, 3) is given away: rows r3 and r4 less their shown cells give
    (3,3) + (3,4) + (4,3) + (4,4); columns c3 and c4 less theirs give the same plus (1, 3).
    The difference is (1, 3).  The audit finds it, and hides the smallest shown cell of its
    row or column, (1, 4) with 20 pupils (column c3's smallest shown is (2, 3), 30)."""
    pupils = _with_margins(BRIDGE)
    groups = crosstab([1, 2, 3, 4], [1, 2, 3, 4])
    small = {k for k, v in BRIDGE.items() if v < 5}
    assert len(small) == 9
    assert exposed(small, groups) == {(1, 3)} == determined_by_rank(small, groups)
    # the attack, by hand, on the sessions (140 a pupil): what columns c3 and c4 hide
    # less what rows r3 and r4 hide
    s = {k: 140 * v for k, v in pupils.items()}
    columns = s[(ALL, 3)] - s[(2, 3)] + s[(ALL, 4)] - s[(1, 4)] - s[(2, 4)]
    rows = s[(3, ALL)] - s[(3, 1)] - s[(3, 2)] + s[(4, ALL)] - s[(4, 1)] - s[(4, 2)]
    assert columns - rows == s[(1, 3)] == 560
    hidden = suppress(pupils, groups, 5)
    assert hidden == {**{k: PRIMARY for k in small}, (1, 4): SECONDARY}
    assert exposed(hidden, groups) == set() == determined_by_rank(set(hidden), groups)
    assert recovered_by_subtraction(s, set(hidden), groups) == {}


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda rows: st.integers(1, 5).flatmap(
            lambda cols: st.lists(
                st.one_of(st.integers(0, 6), st.integers(5, 60)),
                min_size=rows * cols,
                max_size=rows * cols,
            ).map(lambda values: (rows, cols, values))
        )
    )
)
@example(table=(3, 3, [1, 0, 0, 1, 0, 1, 5, 1, 1]))  # empty cells: (1, 2) was left exposed
def test_no_hidden_cell_of_any_table_can_be_worked_out(table):
    """Any table of schools by year groups with its margins: every small cell is hidden, no
    line has exactly one hidden cell, the subtraction attack recovers nothing and no hidden
    cell is pinned down by the totals (checked independently, by the equations' rank)."""
    rows, cols, values = table
    cells = {(r, c): values[r * cols + c] for r in range(rows) for c in range(cols)}
    pupils = _with_margins(cells)
    groups = crosstab(list(range(rows)), list(range(cols)))
    hidden = suppress(pupils, groups, 5)
    assert primary(pupils, 5) <= set(hidden)
    assert all(pupils[k] > 0 for k in hidden)
    for g in groups:
        assert len(set(g.cells()) & set(hidden)) != 1, g
    sessions = {k: 140 * v + 7 for k, v in pupils.items()}
    assert recovered_by_subtraction(sessions, set(hidden), groups) == {}
    assert determined_by_rank(set(hidden), groups) == set()
    for total, parts in residuals(sessions, set(hidden), groups):
        assert len(parts) >= 2 and all(total != sessions[p] for p in parts)


# --------------------------------------------------------------------------- showing it


def test_mask_rows_and_frame_blank_the_figures_and_say_why():
    hidden = suppress(YEARS, YEAR_GROUPS, 5)
    rows = [{"year_group": k, "pupils": n, "attendance_pct": 95.0} for k, n in YEARS.items()]
    shown = mask_rows(rows, lambda r: r["year_group"], hidden, ["pupils", "attendance_pct"], 5)
    by = {r["year_group"]: r for r in shown}
    assert by["8"] == {"year_group": "8", "pupils": None, "attendance_pct": None,
                       "note": "fewer than 5 pupils"}  # fmt: skip
    assert by["10"]["pupils"] is None and by["10"]["note"] == (
        "not shown, so that a smaller group's figures cannot be worked out from the total"
    )
    assert by["7"] == {**rows[1], "note": None}
    assert rows[2]["pupils"] == 3  # the input is left as it was

    frame = pl.DataFrame(rows)
    out = mask_frame(frame, ["year_group"], hidden, ["pupils", "attendance_pct"], 5)
    assert out.get_column("pupils").to_list() == [102, 40, None, 41, None, 12]
    assert out.get_column("note").null_count() == 4
    two = pl.DataFrame({"school": ["A", "A"], "year": ["Y7", "Y8"], "pupils": [40, 3]})
    masked = mask_frame(two, ["school", "year"], {("A", "Y8"): PRIMARY}, ["pupils"], 5)
    assert masked.get_column("pupils").to_list() == [40, None]
