"""Mutation testing of the code the sweeps of 6 December merged (sweep mutnew4): each test
kills a mutant the sweeps' own tests let live (docs/decisions.md, "mutnew4", lists every
mutant).  The registers (tests/builders.py) run from Mon 7 Sep 2026, school days only,
the October half term 26-30 Oct (no rows); Autumn 1 is 7 Sep - 23 Oct, Autumn 2 from
2 Nov (the config's term dates)."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path

import pytest

from attcli.config import load_config
from attcli.letters import run_letters
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, HALF_TERM_LADDER, contacts_file, make_workspace

D = dt.date
HALF_TERM = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
WEEK_80 = "/\\ /\\ /\\ /\\ O"  # Mon - Thu present, Friday missed: 8/10, 80 %, red


def _setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """R's register and workspace, and a casebook (`attcli cases` as of Fri 9 Oct)."""
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + HALF_TERM_LADDER)
    reg = register({"R": " ".join([WEEK_80] * 9)}, holidays=HALF_TERM)
    exp = write_long_csv(reg, tmp_path / "e.csv")
    con = contacts_file(tmp_path / "c.csv", [("R", "C1", "Mrs", "Ann", "Parent")])
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-09")
    code, _, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-10-09")
    assert code == 0, err
    return ws, exp, con


def _record(ws: Path, action: str, day: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTCLI_TODAY", day)
    code, _, err = run_cli("case", "record", "R", "--action", action, "--date", day, "-c", ws)
    assert code == 0, err


def _red_letter(ws: Path, exp: Path, con: Path, day: dt.date, out: Path | None = None):  # noqa: ANN202
    r = run_letters(
        [exp], load_config(ws), contacts=con, out_dir=out, as_of=day,
        dry_run=out is None, letter_date=day,
    )  # fmt: skip
    (letter,) = [x for x in r.letters if x.template == "red"]
    return letter, " ".join(json.dumps(letter.doc).split()) if letter.doc else ""


def _autumn_1_red_letter_written(ws: Path, exp: Path, con: Path, tmp_path: Path) -> None:
    """`attcli letters` as of Fri 9 Oct writes R's red letter of Autumn 1 (80.0 %, 40 of
    50: its figures on record)."""
    letter, _ = _red_letter(ws, exp, con, D(2026, 10, 9), tmp_path / "out")
    assert (letter.status, letter.stage) == ("written", 1)


def test_a_letter_names_earlier_hand_and_attcli_letters_in_date_order_with_attcli_s_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DOMAIN.md 9: a second letter at a band says so and names the letters sent.  R (80 %,
    # red all autumn).  Autumn 1: the amber stage recorded by hand on Fri 2 Oct, attcli's
    # red letter on Fri 9 Oct (with its figures: 80.0 %), and the red stage recorded by
    # hand again on Fri 16 Oct (the same letter of the same half term: attcli's is the one
    # on record, termly.with_by_hand keeps the first of the history's).  Autumn 2's red
    # letter as of Fri 6 Nov: stage 2 (one red letter before it: Autumn 1's, once), naming
    # 2 Oct and 9 Oct in that order, and "80.0% ... when I last wrote" (no letter by hand
    # after attcli's).  Kills: the hand record kept over attcli's (16 October named, the
    # figure dropped), the letters unsorted (9 October first), a hand amber counted in the
    # red letter's stage (3), "a hand letter since" read as any hand letter before it.
    ws, exp, con = _setup(tmp_path, monkeypatch)
    _record(ws, "amber", "2026-10-02", monkeypatch)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-09")
    _autumn_1_red_letter_written(ws, exp, con, tmp_path)
    _record(ws, "red", "2026-10-16", monkeypatch)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-06")
    letter, text = _red_letter(ws, exp, con, D(2026, 11, 6))
    assert (letter.status, letter.stage) == ("new", 2)
    assert "about ForenameR's attendance on 2 October 2026 and 9 October 2026. " in text
    assert "It was 80.0% for the school year when I last wrote and is 80.0% now" in text
    assert "16 October" not in text


def test_an_amber_letter_sent_by_hand_this_half_term_is_named_and_drops_the_last_figure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DOMAIN.md 9.  attcli's red letter of Autumn 1 on Fri 9 Oct (80.0 % on record); the
    # office sends the amber letter by hand on Tue 3 Nov, in Autumn 2, and records the
    # amber stage.  Autumn 2's red letter as of Fri 6 Nov (a more serious band's letter
    # after a milder one in the same half term goes): stage 2 (Autumn 1's red letter),
    # naming 9 October and 3 November; the last letter (3 Nov, by hand) has no figures,
    # so no "when I last wrote", the year's 80.0 % said plainly.  Kills: this half term's
    # hand records left out of the school year's (by_hand_in_year's `<=`), another band's
    # hand letter this half term not named, the figure of 9 Oct kept past a later letter.
    ws, exp, con = _setup(tmp_path, monkeypatch)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-09")
    _autumn_1_red_letter_written(ws, exp, con, tmp_path)
    _record(ws, "amber", "2026-11-03", monkeypatch)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-06")
    letter, text = _red_letter(ws, exp, con, D(2026, 11, 6))
    assert (letter.status, letter.stage) == ("new", 2)
    assert "about ForenameR's attendance on 9 October 2026 and 3 November 2026. " in text
    assert "when I last wrote" not in text
    assert "It has not improved enough: it is 80.0%. " in text


def test_a_letter_recorded_by_hand_before_the_first_half_term_is_none_of_its(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DOMAIN.md 9 and 10.  A red stage recorded by hand on Fri 4 Sep, in the summer
    # holiday before Autumn 1 (from Mon 7 Sep): last school year's letter, no half term of
    # this one's (calendar.half_term_of: None before the first).  Autumn 1's red letter as
    # of Fri 9 Oct is written, stage 1 (a mutant taking the first half term for a day
    # before it had it "already sent").
    ws, exp, con = _setup(tmp_path, monkeypatch)
    _record(ws, "red", "2026-09-04", monkeypatch)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-09")
    letter, _ = _red_letter(ws, exp, con, D(2026, 10, 9))
    assert (letter.status, letter.stage) == ("new", 1)


def test_a_letter_recorded_by_hand_last_school_year_does_not_make_this_year_s_the_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DOMAIN.md 9: a letter's stage counts the letters of this school year.  The config's
    # term dates hold last year's Summer 2 (1 Jun - 22 Jul 2026) and Autumn 1 and 2; the
    # office recorded R's red stage by hand on Fri 10 Jul 2026 (Summer 2, last school
    # year).  Autumn 1's red letter as of Fri 9 Oct is new, stage 1, and names no earlier
    # letter (a mutant reading last year's hand records made it stage 2).
    summer = '\n[[calendar.half_terms]]\nname = "Summer 2"\nstart = 2026-06-01\nend = 2026-07-22\n'
    ws = make_workspace(tmp_path / "ws", summer + AUTUMN_HALF_TERMS + HALF_TERM_LADDER)
    reg = register({"R": " ".join([WEEK_80] * 9)}, holidays=HALF_TERM)
    exp = write_long_csv(reg, tmp_path / "e.csv")
    con = contacts_file(tmp_path / "c.csv", [("R", "C1", "Mrs", "Ann", "Parent")])
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-09")
    code, _, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-10-09")
    assert code == 0, err
    _record(ws, "red", "2026-07-10", monkeypatch)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-09")
    letter, text = _red_letter(ws, exp, con, D(2026, 10, 9))
    assert (letter.status, letter.stage) == ("new", 1)
    assert "10 July" not in text


# ------------------------------------------- roll._combo_keys: an odd Categorical, pair[0]


def test_compact_finds_a_change_in_the_first_of_a_pair_and_in_an_odd_last_categorical() -> None:
    """Five days (Mon 7 - Fri 11 Sep 2026).  surname, forename and reg_group Categorical,
    year_group text (three codes: two packed in one key, reg_group alone in the next).  S's surname alone
    changes on Thu 10 Sep (the first of the pair), G's form alone (7A -> 7B, the odd last
    one): two stretches each, Mon-Wed and Thu-Fri.  A key made of a pair's second code
    twice, or one leaving out the odd last Categorical, gives each one stretch."""
    import polars as pl

    from attcli.roll import VERSION_COLUMNS, compact, ord_of

    reg = register({"S": "/\\ " * 5, "G": "/\\ " * 5})
    late = pl.col("date") >= D(2026, 9, 10)
    reg = reg.with_columns(
        pl.when((pl.col("upn") == "S") & late).then(pl.lit("Newname"))
        .otherwise(pl.col("surname")).alias("surname"),
        pl.when((pl.col("upn") == "G") & late).then(pl.lit("7B"))
        .otherwise(pl.col("reg_group")).alias("reg_group"),
    ).with_columns(pl.col("year_group").cast(pl.String))  # fmt: skip
    assert [c for c in VERSION_COLUMNS if reg.schema[c] == pl.Categorical] == [
        "surname",
        "forename",
        "reg_group",
    ]
    roll = compact(reg)
    v = roll.versions.join(roll.pupils, on="pid").sort("upn", "_first")
    got = {
        (u, f, la, s, g)
        for u, f, la, s, g in v.select("upn", "_first", "_last", "surname", "reg_group").rows()
    }
    mon, wed, thu, fri = (ord_of(D(2026, 9, d)) for d in (7, 9, 10, 11))
    assert got == {
        ("S", mon, wed + 1, "SurnameS", "7A"),
        ("S", thu, fri + 1, "Newname", "7A"),
        ("G", mon, wed + 1, "SurnameG", "7A"),
        ("G", thu, fri + 1, "SurnameG", "7B"),
    }


# ------------------------------- loaders._one_child_two_upns: each UPN dated by its marks


def test_the_two_upn_note_dates_each_upn_by_its_marks_in_its_own_school() -> None:
    """One child under two UPNs at North (the same names and date of birth): OLD marked
    Mon 7 - Fri 11 Sep 2026 and blank Mon 14 - Fri 18 Sep (a wide export's cells), NEW
    blank the first week and marked the second.  South has a pupil of its own under the
    UPN NEW, marked both weeks.  The note dates OLD 07/09/2026 to 11/09/2026 and NEW
    14/09/2026 to 18/09/2026, OLD first: by their marks (not their rows: both 07/09 to
    18/09), the first mark to the last, and North's NEW, not South's."""
    import polars as pl

    from attcli.loaders import _one_child_two_upns
    from attcli.roll import compact

    week, blank = "/\\ " * 5, "__ " * 5
    north = register({"OLD": week + blank, "NEW": blank + week}, school="North")
    north = north.with_columns(
        pl.lit(n, dtype=north.schema[c]).alias(c)
        for c, n in (("surname", "Child"), ("forename", "Amy"))
    )
    south = register({"NEW": week + week}, school="South")
    (note,) = _one_child_two_upns(compact(pl.concat([north, south])))
    assert "OLD, 07/09/2026 to 11/09/2026 and NEW, 14/09/2026 to 18/09/2026:" in note


# ----------------------- absence.HoldRule.of: a pupil's figures are its own school's UPN's


def test_the_hold_rule_s_band_is_of_the_upn_at_its_own_school() -> None:
    """Twenty school days Mon 7 Sep - Fri 2 Oct 2026 (40 sessions), as of 2 Oct, default
    bands (green 92% or more).  X at North: present but N on both sessions of the last
    day (2 not yet stale): 38 of 40, counted as attended 40 of 40, green.  South has a
    pupil of its own under the UPN X, O on the first eight days: 24 of 40, 60%, red (26
    of 40 with 2 more: red).  North's X's band without its N marks is green; a join on
    the UPN alone gives North's X South's figures as well."""
    import polars as pl

    from attcli.absence import HoldRule, absence_by_code
    from attcli.config import Config
    from attcli.engine import evaluate

    north = register({"X": " ".join(["/\\"] * 19 + ["N"])}, school="North")
    south = register({"X": " ".join(["O"] * 8 + ["/\\"] * 12)}, school="South")
    ev = evaluate(pl.concat([north, south]), Config(), as_of=D(2026, 10, 2))
    by_code = absence_by_code(ev, ev.period_start, ev.as_of)
    rule = HoldRule.of(ev, ("I",), Fraction(50), (), by_code=by_code)
    assert rule.marked == {("North", "X"): 2}
    assert rule.band_without == {("North", "X"): "green"}
