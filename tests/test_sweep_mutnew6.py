"""Sweep "mutnew6" (6 December, fourth): mutation testing of the code the last three
rounds added (docs/decisions.md, "mutnew6").  Each test here was seen to pass on the code
and to fail on the one mutant it names; the answers are worked out by hand from DOMAIN.md.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

TODAY = dt.date(2027, 8, 31)  # (tests/conftest.py's "today")


def test_a_common_figure_is_shown_in_integers_without_the_fraction_rule(monkeypatch) -> None:
    """``pct``'s integer path (issue 15: a check has hundreds of figures) gives the figure
    itself, falling back to :func:`percent.shown` (a Fraction) never for these: 91.96 % by
    the 92 % line, 90.04 % and 89.96 % by the 90 % line, 90.0 % on it, 50.0 %, 0.0 %, 100.0 %
    99.96 % (not 100.0 %) and 91.996 % (not 92.00 %).  A mutant that broke the integer test of a side (a line's
    denominator left out, the sides compared with !=) fell back every time: right, slow."""
    from attcli import percent

    def no_fraction(*_a, **_k):
        raise AssertionError("fell back to the Fraction rule")

    monkeypatch.setattr(percent, "shown", no_fraction)
    lines = (Fraction(92), Fraction(90), Fraction(50))
    got = [
        str(percent.pct(a, p, lines))
        for a, p in ((9196, 10000), (9004, 10000), (8996, 10000), (90, 100), (71, 142),
                     (0, 140), (140, 140), (9996, 10000), (2, 3))
    ]  # fmt: skip
    assert got == ["91.96", "90.04", "89.96", "90.0", "50.0", "0.0", "100.0", "99.96", "66.7"]
    assert str(percent.pct(9225, 10000, (Fraction(369, 4),))) == "92.25"  # (a line of 92.25)
    assert str(percent.pct(91996, 100000, lines)) == "91.996"  # (92.0 and 92.00 on the line)


def test_a_deleted_notice_is_found_under_its_own_id_not_inside_a_longer_one(
    tmp_path: Path,
) -> None:
    """``pupil forget 01003 1003 --force``, each with a notice that still counts (issued
    01/06/2025 and 01/07/2025: counted until 01/06/2028 and 01/07/2028, DOMAIN.md 5): the
    audit row says "01003 counted until 2028-06-01, 1003 counted until 2028-07-01".  1003's
    deleted notice is its own, the second said (not the first, found inside "01003"); and
    after a forgetting of 01003 alone, 1003 has none."""
    from attcli.store import History, Parent

    path = tmp_path / "h.sqlite3"
    with History(path, write=True) as store:
        store.record_notice("01003", Parent("id:p1", "Mrs One"), dt.date(2025, 6, 1))
        store.record_notice("1003", Parent("id:p2", "Mrs Two"), dt.date(2025, 7, 1))
        store.forget(upns=["01003", "1003"], today=TODAY, force=True)
        assert store.deleted_notice("1003", TODAY)[2] == dt.date(2028, 7, 1)
        assert store.deleted_notice("01003", TODAY)[2] == dt.date(2028, 6, 1)
    other = tmp_path / "h2.sqlite3"
    with History(other, write=True) as store:
        store.record_notice("01003", Parent("id:p1", "Mrs One"), dt.date(2025, 6, 1))
        store.forget(upns=["01003"], today=TODAY, force=True)
        assert store.deleted_notice("01003", TODAY)[2] == dt.date(2028, 6, 1)
        assert store.deleted_notice("1003", TODAY) is None


def _long_register(path: Path, upns: list[str]) -> Path:
    """A long-layout register of ``upns``, each present both sessions of 7 and 8/09/2026."""
    rows = ["UPN,Surname,Forename,Date,Session,Mark"] + [
        f"{upn},S,F,{d:02d}/09/2026,{s},/" for upn in upns for d in (7, 8) for s in ("AM", "PM")
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_upns_without_their_letter_in_half_the_pupils_are_not_refused_as_lost(
    tmp_path: Path,
) -> None:
    """The lost-letter refusal is for a column *most* of whose UPNs are 12 characters with
    no letter first: one such of two pupils (half, not most) is read (mutant: ``short * 2
    < n``, refusing at half), and said as no UPN.  It was read in silence: the odd-UPN
    note is for a file most of whose values are UPNs, and half is not most (fixed: a UPN
    without its letter is questioned beside any UPN)."""
    from attcli.loaders import load_registers

    path = _long_register(tmp_path / "reg.csv", ["999201618043", "A999201618044"])
    result = load_registers([path])
    assert result.register["upn"].n_unique() == 2
    assert any("'999201618043'" in w for w in result.warnings)


def test_a_temporary_upn_without_its_letter_is_counted_among_the_lost(tmp_path: Path) -> None:
    """A temporary UPN is a letter, 11 digits and a letter (DOMAIN.md's UPN shape): with its
    first letter lost it is ``99920161804B``, one of the three lost here, so "(and 2 more
    like it)" (mutant: the last character a digit only, "(and 1 more")."""
    from attcli.errors import InputError
    from attcli.loaders import load_registers

    path = _long_register(tmp_path / "reg.csv", ["999201618043", "99920161804B", "999201618045"])
    with pytest.raises(InputError) as info:
        load_registers([path])
    assert "line 2: the UPN '999201618043' (and 2 more like it) has 12 characters" in str(
        info.value
    )
