"""Small-number suppression for tables shown from summed counts (the trust report).

A table shows groups of pupils (year groups, a cohort and the rest of the school, the
schools of a trust) whose figures add up to a total that is shown too.  Two rules:

* **Primary**: a cell whose pupil count is above 0 and below ``minimum`` (``[report]
  min_cohort``, default 5) shows no figures.  An empty cell (0 pupils) has nothing to hide
  and stays shown.
* **Secondary**: a hidden cell must not be recoverable by subtraction.  Where a shown total
  has exactly one hidden cell among the cells that add up to it, the smallest other
  non-empty cell (fewest pupils) is hidden too, so the total less the cells shown is the
  sum of two hidden cells, never one.  This is repeated over every dimension (cohort and
  rest, year groups in the school, schools in the trust, rows and columns of a table) until
  nothing changes, because hiding a cell in one dimension can leave it alone in another.
  Then the hidden cells are checked against every total at once (:func:`exposed`: a cell
  the shown figures still pin down through a combination of totals, as in a two-way table
  where two blocks of hidden cells are joined by one cell) and one more cell is hidden for
  each such cell, until none is left.

Cells are any hashable keys; a :class:`Group` says which cells add up to which.  Every
figure of a cell (pupils, sessions, persistent absence...) adds up the same way, so the
rule works on the pupil counts alone and hides whole cells.  What it does not do: a hidden
cell's figures can still be *bounded* (two hidden groups with no persistently absent pupil
between them each have none), as in any published table.

Pure functions over plain data; :func:`mask_rows` and :func:`mask_frame` blank the figures
of hidden cells in rows of dicts or a Polars frame.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

#: Why a cell is hidden.
PRIMARY = "primary"
SECONDARY = "secondary"

#: The key of a total in :func:`crosstab` (a row's, a column's, or the grand total).
ALL = "(all)"


@dataclass(frozen=True)
class Group:
    """Cells (``parts``) whose figures add up to the figures of ``total``, which is shown
    (unless it is hidden itself: a school with 3 pupils in a trust's table)."""

    total: Hashable
    parts: tuple[Hashable, ...]

    def cells(self) -> tuple[Hashable, ...]:
        return (self.total, *self.parts)


def partition(total: Hashable, parts: Iterable[Hashable]) -> Group:
    """Year groups of a school (``parts``) adding up to the school (``total``); schools
    adding up to a trust."""
    return Group(total, tuple(parts))


def versus_rest(
    total: Hashable, member: Hashable, rest: Hashable, unknown: Hashable | None = None
) -> Group:
    """A cohort and the rest of the school (and, when given, the pupils whose attribute is
    unknown) adding up to the school: hiding the cohort hides the rest too."""
    return Group(total, (member, rest) if unknown is None else (member, rest, unknown))


def crosstab(
    rows: Sequence[Hashable], columns: Sequence[Hashable], total: Hashable = ALL
) -> list[Group]:
    """The groups of a two-way table with row and column totals: cell ``(r, c)``, row total
    ``(r, total)``, column total ``(total, c)``, grand total ``(total, total)``.  E.g. schools
    by year group: each school's year groups add up to the school, each year group's schools
    to the trust's year group, and both margins to the trust."""
    groups = [Group((r, total), tuple((r, c) for c in columns)) for r in rows]
    groups += [Group((total, c), tuple((r, c) for r in rows)) for c in columns]
    groups.append(Group((total, total), tuple((r, total) for r in rows)))
    groups.append(Group((total, total), tuple((total, c) for c in columns)))
    return groups


def primary(pupils: Mapping[Hashable, int], minimum: int) -> set[Hashable]:
    """The cells with at least one pupil and fewer than ``minimum``."""
    return {k for k, n in pupils.items() if 0 < n < minimum}


def suppress(
    pupils: Mapping[Hashable, int],
    groups: Iterable[Group],
    minimum: int,
    start: Mapping[Hashable, str] | None = None,
    pairs: Iterable[tuple[Hashable, Hashable]] = (),
) -> dict[Hashable, str]:
    """The cells to hide, each with why (:data:`PRIMARY` or :data:`SECONDARY`); a cell not in
    the result is shown.  ``pupils`` gives every cell's pupil count (totals included); ties
    between equally small cells go to the one that comes first in ``pupils``.  ``start``:
    cells hidden already whatever their size (a cohort's rest hidden with the cohort, on
    one row of a table), with why; the rule goes on from them.  ``pairs``: cells shown
    together or not at all (a cohort and its rest, on one row): hiding one hides the other,
    as one more dimension of the rule."""
    if minimum < 1:
        raise ValueError(f"minimum must be at least 1, got {minimum}")
    groups, pairs = list(groups), list(pairs)
    for g in groups:
        for k in g.cells():
            if k not in pupils:
                raise ValueError(f"cell {k!r} of a group has no pupil count")
    order = {k: i for i, k in enumerate(pupils)}
    hidden: dict[Hashable, str] = {k: PRIMARY for k in pupils if k in primary(pupils, minimum)}
    for k, why in (start or {}).items():
        if k not in pupils:
            raise ValueError(f"hidden cell {k!r} has no pupil count")
        hidden.setdefault(k, why)
    if not hidden:
        return hidden

    def rank(k: Hashable) -> tuple[int, int]:
        return (pupils[k], order[k])

    def candidates(g: Group) -> list[Hashable]:
        """Cells of ``g`` that could be hidden: its parts first, its total only if none."""
        parts = [k for k in g.parts if k not in hidden and pupils[k] > 0]
        if parts:
            return parts
        return [g.total] if g.total not in hidden and pupils[g.total] > 0 else []

    while True:
        changed = True
        while changed:  # the rule, dimension by dimension, until nothing changes
            changed = False
            for g in groups:
                if sum(1 for k in set(g.cells()) if k in hidden) == 1:
                    pick = candidates(g)
                    if pick:
                        hidden[min(pick, key=rank)] = SECONDARY
                        changed = True
            for x, y in pairs:
                for a, b in ((x, y), (y, x)):
                    if a in hidden and b not in hidden and pupils[b] > 0:
                        hidden[b] = SECONDARY
                        changed = True
        left = exposed(hidden, groups)
        if not left:
            return hidden
        # a cell still pinned down by a combination of totals: hide the smallest cell of a
        # group that holds it that frees it (else the smallest; the total of one only when
        # no part is left).  A partner (secondary) first: a small cell is often pinned only
        # through its partner (a school hidden beside a small one, pinned by its cohort
        # rows), and a cell beside the small one would not free it
        first = min((k for k in hidden if k in left), key=lambda k: hidden[k] == PRIMARY)
        holding = [g for g in groups if first in g.cells()]
        pick = [k for g in holding for k in g.parts if k not in hidden and pupils[k] > 0]
        if not pick:
            pick = [k for g in holding for k in candidates(g)]
        if pick:
            ordered = sorted(set(pick), key=rank)
            pick = [next((k for k in ordered if first not in exposed({*hidden, k}, groups)),
                         ordered[0])]  # fmt: skip
        if not pick:
            # every cell of its own groups is hidden or empty: the cell is pinned down
            # through other totals (a table with empty cells shown as 0).  Hide the
            # smallest shown cell that frees it, else the smallest shown cell of a group
            # with a hidden cell, and look again: never give up with a cell exposed.
            shown = [k for k in pupils if k not in hidden and pupils[k] > 0]
            touching = {k for g in groups if hidden.keys() & set(g.cells()) for k in g.cells()}
            ordered = sorted(shown, key=lambda k: (k not in touching, rank(k)))
            frees = [k for k in ordered if first not in exposed({*hidden, k}, groups)]
            pick = frees[:1] or ordered[:1]
        if not pick:  # every cell is hidden already: nothing more can be done
            return hidden
        hidden[min(pick, key=rank)] = SECONDARY


def exposed(hidden: Collection[Hashable], groups: Iterable[Group]) -> set[Hashable]:
    """The hidden cells whose figures the shown cells and totals still give away exactly.

    Each group is an equation (total = sum of parts) in which the shown cells are known
    numbers and the hidden ones unknowns.  A hidden cell is given away when some
    combination of the equations leaves it alone: worked out exactly (fractions), by
    reducing the equations to row echelon form, one connected set of hidden cells at a
    time.  A cell a total gives away on its own (the only hidden cell of a group) is one of
    them."""
    hidden = set(hidden)
    if not hidden:
        return set()
    index: dict[Hashable, int] = {}
    rows: list[dict[int, int]] = []
    for g in groups:
        row: dict[int, int] = {}
        for k, coef in ((g.total, 1), *((p, -1) for p in g.parts)):
            if k in hidden:
                i = index.setdefault(k, len(index))
                row[i] = row.get(i, 0) + coef
        row = {i: c for i, c in row.items() if c}
        if row:
            rows.append(row)
    keys = list(index)
    out: set[Hashable] = set()
    for component in _components(rows, len(keys)):
        out.update(keys[i] for i in _determined(component))
    return out


def _components(rows: list[dict[int, int]], n: int) -> list[list[dict[int, int]]]:
    """The equations, split into sets that share no unknown (solved separately)."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for row in rows:
        first, *rest = row
        for i in rest:
            parent[find(i)] = find(first)
    parts: dict[int, list[dict[int, int]]] = {}
    for row in rows:
        parts.setdefault(find(next(iter(row))), []).append(row)
    return list(parts.values())


def _determined(rows: list[dict[int, int]]) -> set[int]:
    """The unknowns a set of linear equations fixes: reduced to row echelon form, an
    unknown is fixed when its pivot row has no other unknown left in it."""
    work = [{i: Fraction(c) for i, c in r.items()} for r in rows]
    columns = sorted({i for r in work for i in r})
    pivots: list[tuple[int, dict[int, Fraction]]] = []
    for col in columns:
        at = next((r for r in work if r.get(col)), None)
        if at is None:
            continue
        work.remove(at)
        lead = at[col]
        at = {i: c / lead for i, c in at.items()}
        for other in (*work, *(p for _, p in pivots)):
            f = other.get(col)
            if f:
                for i, c in at.items():
                    v = other.get(i, Fraction(0)) - f * c
                    if v:
                        other[i] = v
                    else:
                        other.pop(i, None)
        pivots.append((col, at))
    return {col for col, row in pivots if len(row) == 1}


def recovered_by_subtraction(
    values: Mapping[Hashable, int], hidden: Collection[Hashable], groups: Iterable[Group]
) -> dict[Hashable, int]:
    """The attack the secondary rule stops, as someone reading the table would make it: in a
    group whose total (or a part) is the only unknown left, it is the total less the shown
    parts; repeated while anything new comes out.  Returns each hidden cell recovered, with
    its value.  After :func:`suppress` it returns nothing."""
    known = {k: v for k, v in values.items() if k not in hidden}
    groups = list(groups)
    found: dict[Hashable, int] = {}
    changed = True
    while changed:
        changed = False
        for g in groups:
            unknown = [k for k in dict.fromkeys(g.cells()) if k not in known]
            if len(unknown) != 1:
                continue
            k = unknown[0]
            parts_known = sum(known[p] for p in g.parts if p != k)
            value = parts_known if k == g.total else known[g.total] - parts_known
            known[k] = found[k] = value
            changed = True
    return found


# --------------------------------------------------------------------------- cohort tables

#: Cohorts whose pupils are two other cohorts' and the pupils in neither together: SEN
#: support, an EHC plan and any other SEN status make any SEN (so a hidden EHC plan was any
#: SEN less SEN support, and two pupils recorded "Y" were any SEN less both).
COHORT_SUMS: dict[str, tuple[str, ...]] = {"Any SEN": ("SEN support", "EHC plan")}
#: Attributes whose cohorts are one a value (Female, Male, every other value): they and
#: the pupils with no value make the school (so with Female and Male shown, a small
#: "Other" was the school less both).
ONE_A_VALUE = ("gender",)


@dataclass(frozen=True)
class CohortRow:
    """A row of a cohort table: the cohort's pupils against the rest of the pupils whose
    value of ``attribute`` is known, and the pupils with no value (in neither)."""

    attribute: str
    cohort: str
    members: int
    rest: int
    unknown: int


def cohort_cells(
    key: Hashable, whole: Hashable, rows: Sequence[CohortRow]
) -> tuple[dict[Hashable, int], list[Group], list[tuple[Hashable, Hashable]]]:
    """The cells and groups of one school's cohort table (or the trust's), for
    :func:`suppress` (with the pairs): each row's cohort ``(key, "cohort", attribute, cohort)``, its
    rest ``(key, "rest", attribute, cohort)``, and the pupils with no value ``(key,
    "unknown", attribute)`` add up to ``whole`` (a cell whose pupil count the caller gives:
    the school, shown beside the table); :data:`COHORT_SUMS` and :data:`ONE_A_VALUE` add
    the groups across rows.  Also the (cohort, rest) pairs: a row shows both or neither.
    The school's report and the trust's report both hide by these, so a group one hides
    the other cannot give away."""
    pupils: dict[Hashable, int] = {}
    groups: list[Group] = []
    pairs: list[tuple[Hashable, Hashable]] = []
    cohort: dict[tuple[str, str], Hashable] = {}
    for r in rows:
        m, rest, u = (key, "cohort", r.attribute, r.cohort), (key, "rest", r.attribute, r.cohort), (
            key, "unknown", r.attribute)  # fmt: skip
        pupils[m], pupils[rest], pupils[u] = r.members, r.rest, r.unknown
        cohort[(r.attribute, r.cohort)] = m
        groups.append(versus_rest(whole, m, rest, u))
        pairs.append((m, rest))
    by_label = {label: k for (_, label), k in cohort.items()}
    for total, parts in COHORT_SUMS.items():
        if total in by_label and all(p in by_label for p in parts):
            # the total's pupils in none of the parts (an SEN status neither K nor E) have
            # no row, but are the total less the parts: a group like the others
            whole_cell, cells = by_label[total], [by_label[p] for p in parts]
            others = (key, "others", *whole_cell[2:])
            pupils[others] = pupils[whole_cell] - sum(pupils[c] for c in cells)
            groups.append(partition(whole_cell, [*cells, others]))
    for attribute in ONE_A_VALUE:
        values = [k for (a, _), k in cohort.items() if a == attribute]
        if values:
            groups.append(partition(whole, [*values, (key, "unknown", attribute)]))
    return pupils, groups, pairs


# --------------------------------------------------------------------------- blanking


def note(reason: str | None, minimum: int) -> str | None:
    """What a reader sees in place of a hidden cell's figures."""
    if reason == PRIMARY:
        return f"fewer than {minimum} pupils"
    if reason == SECONDARY:
        return "not shown, so that a smaller group's figures cannot be worked out from the total"
    return None


def pair_note(
    cohort: str | None, rest: str | None, minimum: int, whole: str = "school"
) -> str | None:
    """What a reader sees for a cohort shown beside the rest of its school (``whole``: or
    of the trust) (a pair: hiding one hides the other), from why each is hidden (None:
    shown)."""
    if cohort != PRIMARY and rest == PRIMARY:
        return f"fewer than {minimum} pupils in the rest of the {whole}"
    return note(cohort or rest, minimum)


def mask_rows(
    rows: Iterable[Mapping[str, Any]],
    key: Callable[[Mapping[str, Any]], Hashable],
    hidden: Mapping[Hashable, str],
    figures: Sequence[str],
    minimum: int,
    note_column: str = "note",
) -> list[dict[str, Any]]:
    """``rows`` (dicts) with the ``figures`` of each hidden row set to None and a note saying
    why (None for a shown row).  ``key(row)`` is the row's cell."""
    out = []
    for row in rows:
        reason = hidden.get(key(row))
        new = dict(row)
        if reason is not None:
            new.update({f: None for f in figures})
        new[note_column] = note(reason, minimum)
        out.append(new)
    return out


def mask_frame(
    frame: pl.DataFrame,
    key_columns: Sequence[str],
    hidden: Mapping[Hashable, str],
    figures: Sequence[str],
    minimum: int,
    note_column: str = "note",
) -> pl.DataFrame:
    """``frame`` with the ``figures`` columns null in each hidden row and a note column; a
    row's cell is the value of its one key column, or the tuple of its key columns."""
    import polars as pl

    keys = frame.select(key_columns).rows()
    reasons = [hidden.get(k[0] if len(key_columns) == 1 else k) for k in keys]
    mask = pl.Series("_hidden", [r is not None for r in reasons], dtype=pl.Boolean)
    notes = pl.Series(note_column, [note(r, minimum) for r in reasons], dtype=pl.String)
    return frame.with_columns(
        [pl.when(mask).then(None).otherwise(pl.col(c)).alias(c) for c in figures]
    ).with_columns(notes)
