"""The one display rule for percentages people read (attcli.percent; docs/decisions.md,
"Percentages people read")."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from attcli import percent

LINES = st.lists(
    st.sampled_from([Fraction(x) for x in ("50", "90", "92", "94.5", "95", "98", "92.25")]),
    max_size=4,
)


def _side(x: Fraction, line: Fraction) -> int:
    return (x > line) - (x < line)


@given(st.integers(0, 5000).flatmap(lambda p: st.tuples(st.integers(0, p), st.just(p))), LINES)
def test_a_shown_figure_is_on_the_same_side_of_every_line_as_the_exact_one(ap, lines) -> None:
    a, p = ap
    if p == 0:
        assert percent.pct(a, p, lines) is None
        return
    guard = [*lines, *percent.ALWAYS]
    exact = Fraction(100 * a, p)
    value = percent.pct(a, p, lines)
    shown = Fraction(value)
    assert all(_side(shown, t) == _side(exact, t) for t in guard)
    places = -value.as_tuple().exponent
    assert places >= 1 and abs(shown - exact) <= Fraction(1, 2 * 10**places)  # half up
    one = Fraction(int(exact * 10 + Fraction(1, 2)), 10)  # one decimal, half up
    if places == 1:
        assert shown == one
    else:  # more decimals only where one decimal would land on or cross a line
        assert any(_side(one, t) != _side(exact, t) for t in guard)


def test_text_float_and_excel_format_agree() -> None:
    lines = percent.attendance_lines([Fraction(92), Fraction(90), Fraction(50)])
    assert lines == (Fraction(50), Fraction(90), Fraction(92))
    value = percent.pct_float(2299, 2500, lines)
    assert value == 91.96 and percent.float_text(value, " %") == "91.96 %"
    assert percent.excel_format(value) == "0.00"
    assert percent.excel_format(value, percent=True) == "0.00%"
    assert percent.float_text(90.0) == "90.0" and percent.excel_format(90.0) == "0.0"
    assert percent.float_text(None) == "–"
    assert percent.value_text(Fraction(-1, 25), unit=" pp") == "-0.04 pp"
    assert percent.value_text(Fraction(-1, 4), unit=" pp") == "-0.3 pp"  # half away from zero


def test_the_column_at_once_is_the_figure_one_at_a_time() -> None:
    """Issue 15: ``pct_texts`` shows a whole column of figures at once, worked on integers
    in Polars, and hands the figures a tenth would put on or across a line to
    ``pct_text``.  For every fraction n/d with d up to 300 (45,451 of them: 0 %, 100 %,
    nothing to divide by, and every figure near 50, 90, 92 and 92.5 %), with and without
    a unit, each text is the one ``pct_text`` gives; some needed the second decimal."""
    import polars as pl

    lines = percent.attendance_lines([Fraction(92), Fraction(90), Fraction(185, 2)])
    pairs = [(n, d) for d in range(301) for n in range(d + 1)]
    num = pl.Series([n for n, _ in pairs])
    den = pl.Series([d for _, d in pairs])
    for unit in ("", "%"):
        got = percent.pct_texts(num, den, lines, unit=unit).to_list()
        assert got == [percent.pct_text(n, d, lines, unit=unit) for n, d in pairs]
    assert "–" in got and "91.96%" in got and "90.0%" in got and "100.0%" in got


def test_two_figures_compared_read_apart_when_they_differ_and_the_same_within_a_hundredth() -> (
    None
):
    """A letter says "improved from X to Y": X and Y get the same decimals, as many as it
    takes to tell them apart (51/56 = 91.071 % and 82/90 = 91.111 % both read 91.1 %);
    figures that agree to two decimals are no change (64/70 = 91.4286 % and 91.43 %)."""
    lines = percent.attendance_lines([Fraction(92), Fraction(90)])
    assert percent.compared((51, 56), (82, 90), lines) == ("91.07%", "91.11%", 1)
    assert percent.compared((82, 90), (51, 56), lines) == ("91.11%", "91.07%", -1)
    assert percent.compared((64, 70), (101, 110), lines) == ("91.4%", "91.8%", 1)
    assert percent.compared((64, 70), (9143, 10000), lines) == ("91.4%", "91.4%", 0)
    # 91.4349 % and 91.4351 %: apart at two decimals (91.43, 91.44), so a change
    assert percent.compared((914349, 1000000), (914351, 1000000), lines) == (
        "91.43%", "91.44%", 1,
    )  # fmt: skip
    # never onto a line: 91.985 % and 91.9996 % (green is 92 %), not 91.99 % and 92.00 %
    assert percent.compared((91985, 100000), (919996, 1000000), lines) == (
        "91.9850%", "91.9996%", 1,
    )  # fmt: skip
