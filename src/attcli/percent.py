"""Percentages as people read them: one rule for letters, the check table, the report, the
pupil record and the workbooks (docs/decisions.md, "Percentages people read").

**One decimal place, rounded half up (half away from zero) from the exact fraction, unless
that would put the figure on or across a line it is not on; then as many more decimals as
it takes (usually two).**  The lines are the band thresholds, the national persistent and
severe absence lines (90 % and 50 %), any other threshold the caller names (the praise
letter's), and 0 and 100 for every percentage (a pupil who missed one session in 2,500 is
not "100.0 %").  So 91.96 % (amber, green from 92 %) reads 91.96 %, never 92.0 %; 90.04 %
(amber: red is 90 % or less) reads 90.04 %; 89.96 % (red) reads 89.96 %, not the 90.0 % of
the boundary; exactly 90 % reads 90.0 %.

Bands are never decided here: they are compared on exact integers in the engine.  The
JSON and machine CSV of ``check`` keep their own documented contract (two decimals).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

#: The national persistent and severe absence lines (DOMAIN.md 3): attendance at most
#: this % (absence of 10 % or more; of 50 % or more), on exact integers wherever compared.
PA_AT_MOST = 90
SA_AT_MOST = 50

#: Lines every percentage is kept off unless it is exactly on them.
ALWAYS = (Fraction(0), Fraction(100))
#: The national persistent (<= 90 %) and severe (<= 50 %) absence lines (DOMAIN.md 3).
NATIONAL = (Fraction(PA_AT_MOST), Fraction(SA_AT_MOST))
_MAX_PLACES = 30  # never reached: a fraction off a line is more than 10**-30 off it


def _half_up(value: Fraction, places: int) -> int:
    """``value`` in units of ``10**-places``, rounded half away from zero."""
    n = math.floor(abs(value) * 10**places + Fraction(1, 2))
    return n if value >= 0 else -n


def _side(x: Fraction, line: Fraction) -> int:
    return (x > line) - (x < line)


def shown(value: Fraction, lines: Iterable[Fraction] = (), least: int = 1) -> Decimal:
    """``value`` (a percentage) as it is shown: a Decimal with ``least`` (1) or more places."""
    guard = {*ALWAYS, *lines}
    for places in range(least, _MAX_PLACES):
        n = _half_up(value, places)
        r = Fraction(n, 10**places)
        if all(_side(r, t) == _side(value, t) for t in guard):
            return Decimal(n).scaleb(-places)  # exactly `places` digits: 92.0, 91.96
    raise AssertionError(f"no rounding of {value} keeps it off every line")  # pragma: no cover


def pct(num: int, den: int, lines: Iterable[Fraction] = ()) -> Decimal | None:
    """``num / den`` as a percentage by the rule (``None`` when ``den`` is 0)."""
    if not den:
        return None
    guard = tuple(lines)
    if num >= 0 and den > 0:
        # in integers (shown's rule, without a Fraction: a check has hundreds of figures a
        # tenth would put on a line, issue 15): ``places`` decimals, half up, the fewest
        # that keep the figure on the same side of every line
        sides = [
            (t.numerator, t.denominator, _sign(100 * num * t.denominator - t.numerator * den))
            for t in (*ALWAYS, *guard)
        ]  # (the exact figure's side of each line)
        for places in range(1, _MAX_PLACES):
            unit = 10**places
            units = (200 * unit * num + den) // (2 * den)
            if all(_sign(units * b - unit * a) == side for a, b, side in sides):
                return Decimal(units).scaleb(-places)
    return shown(Fraction(100 * num, den), guard)


def _sign(x: int) -> int:
    return (x > 0) - (x < 0)


def pct_text(num: int, den: int, lines: Iterable[Fraction] = (), unit: str = "%") -> str:
    """``"91.96%"``, ``"92.0%"``; ``"–"`` when there is nothing to divide by."""
    value = pct(num, den, lines)
    return "–" if value is None else f"{value}{unit}"


def with_sessions(
    attended: int, possible: int, lines: Iterable[Fraction] = (), unit: str = "%"
) -> str:
    """A figure with the sessions behind it, as every command gives it: "50.0% (71 of 142
    sessions)" (the check, the pupil record, the casebook, the corrections, the evidence
    pack; the casebook said "(71/142)", sweep looks9)."""
    return f"{pct_text(attended, possible, lines, unit)} ({attended} of {possible} sessions)"


def with_sessions_expr(shown: pl.Expr, attended: pl.Expr, possible: pl.Expr) -> pl.Expr:
    """:func:`with_sessions` for columns, ``shown`` the figure's text with its unit."""
    import polars as pl

    return pl.format("{} ({} of {} sessions)", shown, attended, possible)


def _rounded(
    n: pl.Expr, d: pl.Expr, places: int, guard: Iterable[Fraction]
) -> tuple[pl.Expr, pl.Expr]:
    """``100 * n / d`` rounded half up to ``places`` decimals, as an integer count of
    ``10**-places`` (Polars expressions, integers throughout), and whether that rounding
    settles it: ``d`` above 0 and the exact figure and the rounded one on the same side
    of every line of ``guard`` (:func:`shown`'s rule, for all the rows at once)."""
    import polars as pl

    def sign(x: pl.Expr) -> pl.Expr:
        return (x > 0).cast(pl.Int8) - (x < 0).cast(pl.Int8)

    unit = 10**places
    units = (200 * unit * n + d) // (2 * d)
    settled = (d > 0) & (n >= 0)
    for t in guard:
        settled = settled & (
            sign(100 * n * t.denominator - t.numerator * d)
            == sign(units * t.denominator - unit * t.numerator)
        )
    return units, settled


def pct_texts(
    num: pl.Series, den: pl.Series, lines: Iterable[Fraction] = (), unit: str = "%"
) -> pl.Series:
    """:func:`pct_text` of each ``num[i] / den[i]`` (integer Series, no nulls), as a String
    Series: the one-decimal rule and its check against every line worked in Polars on
    integers for all the rows at once, and :func:`pct_text` itself for the few rows it
    does not settle (a figure a tenth would put on or across a line).  Issue 15: a
    Python call per pupil was a tenth of a second at 20,000 pupils."""
    import polars as pl

    guard = (*ALWAYS, *tuple(lines))
    frame = pl.DataFrame({"n": num.cast(pl.Int64), "d": den.cast(pl.Int64)})
    n, d = pl.col("n"), pl.col("d")
    tenths, settled = _rounded(n, d, 1, guard)  # one decimal, half up (as in pct)
    text = pl.format("{}.{}{}", tenths // 10, tenths % 10, pl.lit(unit))
    out = frame.select(
        pl.when(d == 0).then(pl.lit("–")).when(settled).then(text).alias("text"),
        n,
        d,
    )
    rest = out.with_row_index("_i").filter(pl.col("text").is_null())
    if rest.height:
        fixed = [pct_text(a, b, guard, unit) for a, b in rest.select("n", "d").iter_rows()]
        out = out.with_columns(
            out.get_column("text").scatter(rest.get_column("_i"), pl.Series(fixed, dtype=pl.Utf8))
        )
    return out.get_column("text")


def compared(
    before: tuple[int, int], after: tuple[int, int], lines: Iterable[Fraction] = (), unit: str = "%"
) -> tuple[str, str, int]:
    """Two figures a reader compares ("improved from 91.07% to 91.11%"), each ``(num, den)``:
    ``(before text, after text, change)``.  ``change`` is 1 (up), -1 (down) or 0: figures
    that are the same to two decimals are no change.  When they differ, both are shown
    with the same number of decimals, by the rule (each on its side of every line), and
    as many more as it takes to read apart (51/56 and 82/90 both read 91.1 % alone);
    otherwise each is shown by the rule."""
    guard = (*ALWAYS, *tuple(lines))
    a, b = Fraction(100 * before[0], before[1]), Fraction(100 * after[0], after[1])
    change = _sign(_half_up(b, 2) - _half_up(a, 2))
    first, second = pct(*before, guard), pct(*after, guard)
    if not change or first is None or second is None:
        return pct_text(*before, guard, unit), pct_text(*after, guard, unit), change
    start = max(-int(first.as_tuple().exponent), -int(second.as_tuple().exponent))
    for places in range(start, _MAX_PLACES):
        ra, rb = _half_up(a, places), _half_up(b, places)
        if ra != rb and all(
            _side(Fraction(r, 10**places), t) == _side(v, t)
            for r, v in ((ra, a), (rb, b))
            for t in guard
        ):
            return (
                f"{Decimal(ra).scaleb(-places)}{unit}",
                f"{Decimal(rb).scaleb(-places)}{unit}",
                change,
            )
    raise AssertionError(f"no rounding tells {a} from {b}")  # pragma: no cover


def value_text(value: Fraction, lines: Iterable[Fraction] = (), unit: str = "%") -> str:
    """A percentage (or a difference in percentage points) given as an exact fraction."""
    return f"{shown(value, lines)}{unit}"


def pct_float(num: int, den: int, lines: Iterable[Fraction] = ()) -> float | None:
    """The shown figure as a float (for tables and workbooks; its shortest repr is the text)."""
    value = pct(num, den, lines)
    return None if value is None else float(value)


def pct_floats(
    num: pl.Series, den: pl.Series, lines: Iterable[Fraction] = (), least: int = 2
) -> pl.Series:
    """Each ``num[i] / den[i]`` (integer Series) as a percentage with ``least`` decimals,
    rounded half up, and more only where ``least`` would put it on or across a line it is
    not on (the rule, :func:`shown`, with two decimals the least): a Float64 Series, null
    where ``den`` is 0 or null.  The LA's files give two decimals (``83.50``); seed 004's
    226 of 243 = 93.0041 %, green above 93 %, reads 93.004, never the line's 93.00.
    Settled on integers in Polars for all rows at once, :func:`shown` for the few left."""
    import polars as pl

    guard = (*ALWAYS, *tuple(lines))
    unit = 10**least
    frame = pl.DataFrame({"n": num.cast(pl.Int64), "d": den.cast(pl.Int64)})
    n, d = pl.col("n"), pl.col("d")
    units, settled = _rounded(n, d, least, guard)  # half up, in 10**-least
    out = frame.select(
        pl.when(d.is_null() | (d == 0))
        .then(None)
        .when(settled)
        .then((units.cast(pl.Float64) / unit).round(least))
        .alias("pct"),
        n,
        d,
        settled.fill_null(True).alias("_ok"),
    )
    rest = out.with_row_index("_i").filter(~pl.col("_ok") & (pl.col("d") > 0))
    if rest.height:
        fixed = [
            float(shown(Fraction(100 * a, b), guard, least))
            for a, b in rest.select("n", "d").iter_rows()
        ]
        return out.get_column("pct").scatter(
            rest.get_column("_i"), pl.Series(fixed, dtype=pl.Float64)
        )
    return out.get_column("pct")


def of_one(shown: float | None) -> float | None:
    """A shown figure (:func:`pct_float`) as a fraction of 1, for a workbook's percent
    cell: 88.6 is 0.886, not 88.6 / 100 (0.8859999999999999) in floating point."""
    return None if shown is None else float(Decimal(repr(shown)).scaleb(-2))


def threshold_text(value: Fraction | Decimal | float) -> str:
    """A threshold from the config as people read it: ``92`` -> ``"92"``, ``92.5`` ->
    ``"92.5"`` (at most six significant figures, as ``%g`` writes it)."""
    return f"{float(value):g}"


def float_text(value: float | None, unit: str = "", missing: str = "–", least: int = 1) -> str:
    """A float made by this rule back as its text: ``91.96`` -> ``"91.96"``, ``92.0`` -> ``"92.0"``
    (``least`` decimals at least: 2 gives ``"92.00"``, :func:`pct_floats`' figures).

    ``repr`` of a float is the shortest text that reads back as the same float, which for a
    figure made from a short decimal is that decimal.
    """
    if value is None:
        return missing
    whole, _, decimals = format(Decimal(repr(float(value))), "f").partition(".")
    return f"{whole}.{decimals.ljust(least, '0')}{unit}"


def places_of(value: float | None, least: int = 1) -> int:
    """Decimal places of a figure made by this rule (at least ``least``)."""
    if value is None:
        return least
    return max(least, len(float_text(value).split(".")[1]))


def excel_format(value: float | None, *, percent: bool = False) -> str:
    """An Excel number format that shows ``value`` (a figure made by this rule, e.g. 91.96)
    exactly as the rule shows it.  With ``percent`` the cell is to hold ``value / 100`` and
    Excel's ``%`` format multiplies it back.
    """
    return "0." + "0" * places_of(value) + ("%" if percent else "")


def attendance_lines(
    thresholds: Iterable[Fraction | None] = (), extra: Sequence[Fraction] = ()
) -> tuple[Fraction, ...]:
    """The lines an attendance percentage is kept off: the bands' thresholds (give
    ``b.threshold for b in config.bands``), the national PA and SA lines, and ``extra``."""
    return tuple(sorted({*NATIONAL, *extra, *(t for t in thresholds if t is not None)}))


def first_of(texts: Sequence[str], most: int = 10) -> str:
    """The first ``most`` of ``texts``, "; " between, and "; and N more" for the rest: how a
    note names the pupils (or days) it is about without running to hundreds."""
    more = f"; and {len(texts) - most} more" if len(texts) > most else ""
    return "; ".join(texts[:most]) + more


def listed(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` ("" for none)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def counted(n: object, one: str, many: str | None = None) -> str:
    """``n`` of a thing as people read it: "1 day", "12 days" (``many``: the plural when it
    is not ``one`` + "s")."""
    return f"{n} {one}" if n == 1 else f"{n} {many or one + 's'}"


def the_counted(n: object, one: str, many: str | None = None) -> str:
    """``n`` of a thing named as known: "the pupil" for one (not "the 1 pupil"), "the 3
    pupils" (``many`` as :func:`counted`'s)."""
    return f"the {one}" if n == 1 else f"the {counted(n, one, many)}"


def counted_expr(n: pl.Expr, one: str, many: str | None = None) -> pl.Expr:
    """:func:`counted` for a column: "1 school day", "12 school days"."""
    import polars as pl

    return (
        pl.when(n == 1)
        .then(pl.format("{} " + one, n))
        .otherwise(pl.format("{} " + (many or one + "s"), n))
    )


#: The longest run of illness of no school day: every illness session on a day whose other
#: session was not illness (mornings only, say).  "longest run of illness 0 school days"
#: beside 30 illness sessions read as a slip (sweep "notes").
NO_WHOLE_DAY_ILL = "no whole school day of illness"


def illness_run(days: object) -> str:
    """The longest run of illness (DOMAIN.md 7) as every line says it: "longest run of
    illness 15 school days", "... 1 school day", and for none :data:`NO_WHOLE_DAY_ILL`
    (``None``: none)."""
    if not days:
        return NO_WHOLE_DAY_ILL
    return f"longest run of illness {counted(days, 'school day')}"


def illness_run_expr(days: pl.Expr) -> pl.Expr:
    """:func:`illness_run` for a column."""
    import polars as pl

    return (
        pl.when(days.fill_null(0) == 0)
        .then(pl.lit(NO_WHOLE_DAY_ILL))
        .otherwise(pl.format("longest run of illness {}", counted_expr(days, "school day")))
    )


def illness_days_missed(sessions: int, whole: int | None) -> str:
    """What a line on a pupil's illness adds where a school day's only session due was
    illness (``whole`` such days, :attr:`attcli.engine.Evaluation.sickness_whole_days`; the
    other session ``C2``, ``D`` or another not possible): ", 20 school days missed (on 20
    of them the only session due)": "20 illness sessions" alone reads as 10 days beside a
    run of 20 (DOMAIN.md 7: the 15 days are days missed; sweep rough8).  "" for the rest,
    whose sessions are two a day.  The check's reason and its "Changed since" line say it
    (sweep looks18)."""
    if not whole:
        return ""
    days = Fraction(sessions + whole, 2)
    shown = str(days.numerator) if days.denominator == 1 else f"{float(days):g}"
    missed = "1 school day" if days == 1 else f"{shown} school days"
    of = "1 of them" if whole == 1 else f"{whole} of them"
    return f", {missed} missed (on {of} the only session due)"


def illness_days_missed_expr(sessions: pl.Expr, whole: pl.Expr) -> pl.Expr:
    """:func:`illness_days_missed` for columns."""
    import polars as pl

    days = (sessions + whole.fill_null(0)).cast(pl.Float64) / 2
    return (
        pl.when(whole.fill_null(0) > 0)
        .then(
            pl.format(
                ", {} missed (on {} the only session due)",
                pl.when(days == 1)
                .then(pl.lit("1 school day"))
                .otherwise(pl.format("{} school days", _halves(days))),
                pl.when(whole == 1)
                .then(pl.lit("1 of them"))
                .otherwise(pl.format("{} of them", whole)),
            )
        )
        .otherwise(pl.lit(""))
    )


def _halves(days: pl.Expr) -> pl.Expr:
    """A count of days in halves as a person writes it: "20", "9.5"."""
    import polars as pl

    return (
        pl.when(days == days.floor())
        .then(days.cast(pl.Int64).cast(pl.Utf8))
        .otherwise(days.round(1).cast(pl.Utf8))
    )


#: Small counts as words (:func:`number_word`).
NUMBER_WORDS = {2: "two", 3: "three", 4: "four"}


def number_word(n: int) -> str:
    """A small count as a word, as a sentence says it ("two UPNs", "three pupils"); a
    larger one in figures."""
    return NUMBER_WORDS.get(n, str(n))
