"""Killing tests of the mutation sweep of speedeng's and leftovers8's code (sweep mutnew3,
docs/decisions.md): each fails on a mutant those sweeps' own tests let live.  Every
answer is worked by hand; no CLI run (the JSON objects, the notes' test and the record's
filter in-process, on a five-day register)."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from builders import register_rows, school_days

D = dt.date

# ------------------------------------------------------------ output.json_object's keys


def test_json_object_with_a_key_given_as_an_expression_after_named_ones() -> None:
    """A key may be a name or an expression giving it (the reasons' keys are the pupil's
    groups): an object whose first part is always there and whose later key is an
    expression is written as json.dumps writes it, the expression's key escaped; and one
    whose keys are all expressions, each only where the row has it (the reasons)."""
    from attcli.output import json_object, json_value

    frame = pl.DataFrame({"k": ['g"1', None], "v": ["a", "b"], "n": [1, 2]})
    got = frame.select(
        json_object([
            ("n", json_value(pl.col("n"), pl.Int64), None),
            (pl.col("k").fill_null("x"), json_value(pl.col("v"), pl.String), None),
        ])
    ).to_series().to_list()  # fmt: skip
    assert got == [json.dumps({"n": 1, 'g"1': "a"}), json.dumps({"n": 2, "x": "b"})]
    got = (
        frame.select(
            json_object(
                [(pl.col("k"), json_value(pl.col("v"), pl.String), pl.col("k").is_not_null())]
            )
        )
        .to_series()
        .to_list()
    )
    assert got == [json.dumps({'g"1': "a"}), "{}"]


# ------------------------------------------------------- names.names_another, each form


def test_a_name_is_matched_as_whole_words_only_anywhere_in_the_note() -> None:
    """ "Bo Jones" names B222 where it stands as whole words, at the note's end or after
    an earlier near miss ("Bo Jonesy" first); "Bo Jonesy", "Bo Jones_2" (a word of the
    note) do not; the second of the pupil's two names counts as the first does."""
    from attcli.names import names_another

    me = ("A111", "Smith", "Ann")
    roll = [me, ("B222", "Jones", "Bo"), ("B222", "Jones", "Zed")]

    def named(note: str) -> bool:
        return names_another(note, me, roll)

    assert not named("letter to Bo Jonesy")
    assert not named("file Bo Jones_2")
    assert named("Bo Jonesy is not, but Bo Jones is")
    assert named("contact for Zed Jones")
    assert named("row of 'Jones, Zed'")


def test_an_id_beside_a_point_a_slash_or_a_colon() -> None:
    """An id of digits is no pupil's inside a number ("1.4711", "4711.5"), a date or a
    time, from four digits; a point after it ending a sentence, or a point after a
    letter before it, leaves it an id."""
    from attcli.names import names_another

    me = ("A111", "Smith", "Ann")
    roll = [me, ("4711", "Lee", "Cy"), ("123", "Ng", "Di")]

    def named(note: str) -> bool:
        return names_another(note, me, roll)

    assert named("see pupil 4711.Then the next")
    assert named("row of pupil.4711")
    assert not named("1.4711 days; 4711.5 days")
    assert not named("the year 4711/12; at 4711:30")
    assert not named("123 rows read") and named("'Ng, Di' has no date of birth")


def test_this_child_s_own_upn_shaped_words_and_a_nameless_pupil() -> None:
    """A note with this child's own UPN (UPN-shaped) names no other child; a pupil of the
    roll with no name (an export without names) makes no note name another."""
    from attcli.names import names_another

    me = ("W999290026002", "Smith", "Ann")
    roll = [me, ("C333", None, None)]
    assert not names_another("W999290026002's date of birth changed", me, roll)
    assert not names_another("penalty-notice window: 2 of 10 weeks", me, roll)
    assert names_another("C333 has no name", me, roll)


# ----------------------------------------- pupil_record._own_notes against the roll


@pytest.fixture(scope="module")
def named_ev():  # noqa: ANN201
    """Five days from Mon 7 Sep 2026, all present: Ann Smith under A111 and A999 (one child
    under two UPNs), B222 whose rows carry Bo then Zed Jones, C333 Cy Lee."""
    from attcli.config import Config
    from attcli.engine import evaluate

    days = school_days(D(2026, 9, 7), 5)
    rows = []
    for upn, names in (
        ("A111", [("Smith", "Ann")] * 3),
        ("A999", [("Smith", "Ann")] * 2),
        ("B222", [("Jones", "Bo")] * 2 + [("Jones", "Zed")] * 3),
        ("C333", [("Lee", "Cy")] * 5),
    ):
        ds = days[:3] if upn == "A111" else days[3:] if upn == "A999" else days
        for d, (s, f) in zip(ds, names, strict=True):
            rows += [{"upn": upn, "date": d, "session": x, "mark": "/", "surname": s,
                      "forename": f} for x in ("AM", "PM")]  # fmt: skip
    return evaluate(register_rows(rows), Config(), as_of=D(2026, 9, 11))


def test_the_record_s_notes_leave_out_another_pupil_by_either_name(named_ev) -> None:
    """A111's notes: the two-UPN note about Ann Smith (A111 and A999) is hers and kept;
    notes naming B222 by name alone, in either form and under either of B222's names, are
    left out and counted, as is one naming Cy Lee; the note naming no one stays."""
    from attcli.pupil_record import _own_notes

    notes = [
        "1 child under two UPNs: 'Smith, Ann': A111 and A999",
        "contact for Zed Jones has no phone",
        "contact for Bo Jones has no phone",
        "'Lee, Cy' has no date of birth",
        "penalty-notice window: the exports hold 1 of the 10 school weeks",
    ]
    row = {"surname": "Smith", "forename": "Ann"}
    kept, left = _own_notes(notes, named_ev, "", "A111", row)
    assert kept == [notes[0], notes[4]] and left == 3


# ------------------------------------------ absence.HoldRule.of: the pupils with N marks


def test_the_hold_rule_reads_the_figures_of_a_pupil_with_one_n_and_one_with_only_stale_ns() -> None:
    """20 school days Mon 7 Sep - Fri 2 Oct 2026 (40 sessions), as of 2 Oct, N allowed 5
    school days: ONE has an N on the morning of 2 Oct (1 not yet stale), STALE an N on
    both sessions of 7 Sep (2 stale), FULL all present.  ONE's band with its N counted
    as attended is that of 40 of 40, FULL's band; so is STALE's with its stale Ns.  With
    the year's codes given without ONE's N (only stale Ns anywhere), STALE's still is."""
    from fractions import Fraction

    from attcli.absence import HoldRule, absence_by_code
    from attcli.config import Config
    from attcli.engine import evaluate

    days = school_days(D(2026, 9, 7), 20)
    rows = []
    for upn in ("ONE", "STALE", "FULL"):
        for d in days:
            for s in ("AM", "PM"):
                n = (upn == "ONE" and d == days[-1] and s == "AM") or (
                    upn == "STALE" and d == days[0]
                )
                rows.append({"upn": upn, "date": d, "session": s, "mark": "N" if n else "/"})
    ev = evaluate(register_rows(rows), Config(), as_of=D(2026, 10, 2))
    full = ev.pupils.filter(pl.col("upn") == "FULL").get_column("band").item()
    rule = HoldRule.of(ev, ("I",), Fraction(50), ())
    assert rule.marked == {("", "ONE"): 1} and rule.stale == {("", "STALE"): 2}
    assert rule.band_without == {("", "ONE"): full}
    assert rule.band_without_stale == {("", "STALE"): full}
    by_code = absence_by_code(ev, ev.period_start, ev.as_of)
    assert by_code[("", "ONE")] == {"N": 1} and by_code[("", "STALE")] == {"N": 2}
    del by_code[("", "ONE")]
    rule = HoldRule.of(ev, ("I",), Fraction(50), (), by_code=by_code)
    assert rule.marked == {} and rule.band_without_stale == {("", "STALE"): full}


# ------------------------------------ engine._pn_events: the window's first school week


def test_the_penalty_notice_window_is_ten_school_weeks_not_eleven() -> None:
    """55 school days Mon 7 Sep - Fri 20 Nov 2026 (11 school weeks), as of 20 Nov
    (DOMAIN.md 5: 10 sessions in 10 school weeks).  P: O every morning of week 1 and of
    week 11, 5 + 5 but never 10 in any 10 weeks: not met, never.  Q: O every morning of
    week 2 and of week 11: 10 in weeks 2-11, met on 20 Nov, the window from Mon 14 Sep."""
    from attcli.config import Config
    from attcli.engine import evaluate

    days = school_days(D(2026, 9, 7), 55)
    weeks = {"P": (0, 10), "Q": (1, 10)}
    rows = []
    for upn in ("P", "Q"):
        for i, d in enumerate(days):
            for s in ("AM", "PM"):
                o = s == "AM" and i // 5 in weeks[upn]
                rows.append({"upn": upn, "date": d, "session": s, "mark": "O" if o else "/"})
    ev = evaluate(register_rows(rows), Config(), as_of=D(2026, 11, 20))
    got = {
        u: (met, first, start, n)
        for u, met, first, start, n in ev.pupils.select(
            "upn", "pn_threshold_met", "pn_first_met", "pn_window_start", "pn_window_sessions"
        ).iter_rows()
    }
    assert got["P"][:2] == (False, None) and got["P"][3] == 5, got
    assert got["Q"] == (True, D(2026, 11, 20), D(2026, 9, 14), 10), got


# ---------------------------------------------- report_check._left_beside, each case


def test_the_leaving_date_beside_the_name_unless_the_reason_says_it() -> None:
    """A leaver whose reason says "left 10/09/2026 ..." has no date beside the name; one
    listed for another reason has it, the year in four digits; a pupil who did not leave
    has none."""
    from attcli.report_check import _left_beside

    row = {"left_on": D(2026, 9, 10)}
    said = "left 10/09/2026 after 4 school days of unexplained absence (O)"
    assert _left_beside(row, said) == ""
    assert _left_beside(row, "attendance 50.0% (red)") == "left 10/09/2026"
    assert _left_beside(row, None) == "left 10/09/2026"
    assert _left_beside({"left_on": None}, said) == ""


# ------------------------------------- terminal._lead_row and _block_lines' boundaries


def test_a_lead_hangs_when_its_first_cell_takes_half_the_line_and_not_alone() -> None:
    """The lead's first cell and its two spaces at exactly half the line (40 of 80): the
    rest hangs under its own column (a grid); one more cell and it does not; a lead of
    one cell is that cell's text."""
    from rich.table import Table
    from rich.text import Text

    from attcli.terminal import _lead_row

    assert isinstance(_lead_row([Text("X" * 38), Text("Name")], 80), Table)
    assert isinstance(_lead_row([Text("X" * 39), Text("Name")], 80), Text)
    assert isinstance(_lead_row([Text("X" * 10), Text("")], 80), Text)


def test_the_plain_block_lines_at_half_the_line_with_wide_and_empty_cells() -> None:
    """At 40 columns: a first cell of 18 (18 + 2 = half) hangs the name's 21 characters
    in the 20 left ("Alpha Beta Gamma", then "Delt" under it); a first cell of four wide
    characters (8 cells) hangs under column 10; an empty first cell is left out."""
    from rich.text import Text

    from attcli.terminal import _block_lines

    def lines(*cells: str) -> list[str]:
        return _block_lines("T", ("UPN", "Pupil", "att."), [[Text(c) for c in cells]], 2, 40)

    got = lines("X" * 18, "Alpha Beta Gamma Delt", "10.0%")
    assert got[1:] == ["X" * 18 + "  Alpha Beta Gamma", " " * 20 + "Delt", "    att.: 10.0%"]
    got = lines("漢字漢字", "Alpha Beta Gamma Delta Epsilon Zeta", "")
    assert got[1:] == ["漢字漢字  Alpha Beta Gamma Delta Epsilon", " " * 10 + "Zeta"]
    assert lines("", "Name", "1%")[1:] == ["Name", "    att.: 1%"]
