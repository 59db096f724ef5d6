"""Mutation testing of the LA files' rules (register-check, la-return: DOMAIN.md 8 and 9):
each test pins a boundary a small change to the code left unpinned, its answer worked by
hand from DOMAIN.md."""

from __future__ import annotations

import datetime as dt

import pytest

from attcli.errors import AttcliError
from attcli.lacheck import _may_be_of_age
from attcli.lareturn.rules import (
    Period,
    earlier_returns,
    later_on_record,
    since_period,
    skipped_months,
)
from attcli.store import LaReturnRecord

D = dt.date


def test_compulsory_school_age_ending_on_the_terms_first_day_is_of_age_in_the_term():
    """Born 01/09/2010: 16 on 01/09/2026, so compulsory school age ends on the last Friday
    in June 2027, Fri 25/06/2027 (DOMAIN.md 5).  Figures from that very day: of it on their
    first day, so of it in the term (inclusive); figures from Sat 26/06/2027: never."""
    born = D(2010, 9, 1)
    assert _may_be_of_age(born, D(2027, 6, 25), D(2027, 7, 16)) is True
    assert _may_be_of_age(born, D(2027, 6, 26), D(2027, 7, 16)) is False


def test_the_too_few_line_names_a_pupil_of_one_possible_session_and_none_of_none():
    """Autumn 2026, 20 school days from Mon 7 Sep (no term dates), default thresholds
    (at or below 90 %, at least 10 possible sessions).  ONE is N on the first morning and
    X (not required to attend: not possible) on every other session: 0 of 1 possible, 0 %,
    below 90 % on too few sessions: named "0 of 1".  ZERO is X throughout: no possible
    session, no percentage (DOMAIN.md 2), nothing to be below: not named.  FULL present."""
    from attcli.config import Config
    from attcli.lacheck import register_check
    from builders import register

    P = "/\\"  # noqa: N806
    reg = register(
        {
            "ONE": " ".join(["N.X"] + ["X"] * 19),
            "ZERO": " ".join(["X"] * 20),
            "FULL": " ".join([P] * 20),
        },
        start=D(2026, 9, 7),
    )
    rc = register_check(reg, Config(), term="autumn", year=2026)
    assert rc.rows.height == 0
    assert rc.too_few == ("SurnameONE, ForenameONE (ONE), 0 of 1",)


def _rec(id_: int, label: str, start: dt.date, as_of: dt.date) -> LaReturnRecord:
    return LaReturnRecord(id_, label, start, as_of, None, "d", as_of, "f.xlsx", "s", "e")


def test_since_starts_the_day_after_the_latest_return_on_record_not_the_first():
    """October's return (as of Sat 31/10/2026) and November's (Mon 30/11/2026) on record;
    --since as of Thu 10/12/2026 reports from the day after the latest, Tue 01/12/2026:
    from 01/11/2026 it would report November's days again."""
    records = [
        _rec(1, "2026-10", D(2026, 10, 1), D(2026, 10, 31)),
        _rec(2, "2026-11", D(2026, 11, 1), D(2026, 11, 30)),
    ]
    period = since_period(records, D(2026, 12, 10))
    assert (period.label, period.start, period.as_of) == (
        "since 2026-12-01",
        D(2026, 12, 1),
        D(2026, 12, 10),
    )


def test_since_on_a_day_with_returns_on_record_names_the_latest_of_them():
    """October's return (as of 31/10/2026), then two as of Mon 30/11/2026: November's
    (recorded first) and one since 15/11/2026 (recorded after).  --since as of 30/11/2026
    has nothing to report; the refusal names the return recorded last that day."""
    records = [
        _rec(1, "2026-10", D(2026, 10, 1), D(2026, 10, 31)),
        _rec(2, "2026-11", D(2026, 11, 1), D(2026, 11, 30)),
        _rec(3, "since 2026-11-16", D(2026, 11, 16), D(2026, 11, 30)),
    ]
    with pytest.raises(AttcliError, match=r"as of 30/11/2026 \(since 15/11/2026\) is on record"):
        since_period(records, D(2026, 11, 30))


def test_a_return_of_the_same_date_on_record_is_not_a_later_one():
    """October's return (as of 31/10/2026) and one since 01/11/2026 as of Fri 13/11/2026 on
    record; November's made now from the same exports, as of 13/11/2026, is compared with
    both (the same-day one recorded before it), so nothing the --since one told the LA is
    listed new again: no "made after a later return" line.  One as of Mon 16/11/2026 would
    be later, and is said."""
    records = [
        _rec(1, "2026-10", D(2026, 10, 1), D(2026, 10, 31)),
        _rec(2, "since 2026-11-01", D(2026, 11, 1), D(2026, 11, 13)),
    ]
    november = Period("2026-11", D(2026, 11, 1), D(2026, 11, 13), D(2026, 11, 1))
    assert [r.id for r in earlier_returns(records, november)] == [1, 2]
    assert later_on_record(records, november) == []
    later = [*records[:1], _rec(2, "since 2026-11-01", D(2026, 11, 1), D(2026, 11, 16))]
    (line,) = later_on_record(later, november)
    assert line.startswith(
        "made after a later return on record, since 31/10/2026 (as of 16/11/2026)"
    )


def test_the_first_return_lists_a_run_going_on_its_first_day_not_one_over_before(tmp_path):
    """No return on record; November 2026's (Sun 1 Nov, after the half term 26-30 Oct) is
    the first, from the export of 7 Sep - 30 Nov (AUTUMN_HALF_TERMS).  School days: d1 Mon
    7 Sep ... d10 Fri 18 Sep; d26 Mon 12 Oct ... d35 Fri 23 Oct; d36 Mon 2 Nov.
    OVER: N d1-d10, 10 school days, back Mon 21 Sep: over before the reporting began, not
    listed.  HOLS: N d26-d35, 10 school days to Fri 23 Oct, back Mon 2 Nov: still going on
    Sun 1 Nov, the return's first day (nobody had seen the child since), so listed new
    (DOMAIN.md 6)."""
    from builders import register
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace
    from test_la_return import HOLIDAY, days, read_return, write_export

    P = "/\\"  # noqa: N806
    reg = register(
        {
            "OVER": days((10, "N"), (46, P)),
            "HOLS": days((25, P), (10, "N"), (21, P)),
            "FULL": days((56, P)),
        },
        start=D(2026, 9, 7),
        holidays=HOLIDAY,
    )
    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    nov = write_export(tmp_path / "nov.csv", reg, D(2026, 11, 30))
    out = tmp_path / "nov_return.csv"
    code, _, err = run_cli("la-return", nov, "--month", "2026-11", "-c", config, "-o", out)
    assert code == 0, err
    listed = [(r["UPN"], r["Status"], r["Absence began"], r["School days"])
              for r in read_return(out)]  # fmt: skip
    assert listed == [("HOLS", "new", "12/10/2026", "10")]


def test_next_term_is_the_first_half_term_of_the_following_term():
    """2026/27's six half terms: after Autumn 1 (or Autumn 2) the next term's first half
    term is Spring 1, after Spring 2 Summer 1, after Summer 2 Autumn 1 of 2027/28; past the
    last listed, none."""
    from attcli.config import HalfTerm
    from attcli.termly import next_term

    hts = [
        HalfTerm("Autumn 1", D(2026, 9, 7), D(2026, 10, 23)),
        HalfTerm("Autumn 2", D(2026, 11, 2), D(2026, 12, 18)),
        HalfTerm("Spring 1", D(2027, 1, 4), D(2027, 2, 12)),
        HalfTerm("Spring 2", D(2027, 2, 22), D(2027, 3, 26)),
        HalfTerm("Summer 1", D(2027, 4, 12), D(2027, 5, 28)),
        HalfTerm("Summer 2", D(2027, 6, 7), D(2027, 7, 21)),
        HalfTerm("Autumn 1", D(2027, 9, 6), D(2027, 10, 22)),
    ]
    after = {ht.start: (nxt.name, nxt.start) if (nxt := next_term(hts, ht)) else None
             for ht in hts}  # fmt: skip
    assert after == {
        D(2026, 9, 7): ("Spring 1", D(2027, 1, 4)),
        D(2026, 11, 2): ("Spring 1", D(2027, 1, 4)),
        D(2027, 1, 4): ("Summer 1", D(2027, 4, 12)),
        D(2027, 2, 22): ("Summer 1", D(2027, 4, 12)),
        D(2027, 4, 12): ("Autumn 1", D(2027, 9, 6)),
        D(2027, 6, 7): ("Autumn 1", D(2027, 9, 6)),
        D(2027, 9, 6): None,
    }


def test_months_skipped_across_the_new_year_are_named():
    """December 2026's return (as of Fri 18/12/2026, the term's last day) on record, then
    March 2027's: January and February 2027 had no return of their own, named; after
    December, January's names none; a --since return from 19/12/2026 as of a day of
    February counts as February's (and covered January): none."""
    dec = _rec(1, "2026-12", D(2026, 12, 1), D(2026, 12, 18))
    march = Period("2027-03", D(2027, 3, 1), D(2027, 3, 31), D(2027, 3, 1))
    (line,) = skipped_months([dec], march)
    assert line.startswith("no return on record for January 2027 and February 2027, between "
                           "the return as of 18/12/2026 (December 2026)")  # fmt: skip
    january = Period("2027-01", D(2027, 1, 1), D(2027, 1, 29), D(2027, 1, 1))
    assert skipped_months([dec], january) == []
    feb = _rec(2, "since 2026-12-19", D(2026, 12, 19), D(2027, 2, 12))
    assert skipped_months([dec, feb], march) == []  # (it covered January too)


def test_a_term_starting_on_1_september_is_that_school_year_s():
    """Autumn 1 from Tue 01/09/2026 (a school starting on the first day of the school
    year) is 2026/27's autumn term: its first and last days, not "no autumn term"."""
    from attcli.config import HalfTerm
    from attcli.lacheck import term_dates

    hts = (
        HalfTerm("Summer 2", D(2026, 6, 8), D(2026, 7, 22)),
        HalfTerm("Autumn 1", D(2026, 9, 1), D(2026, 10, 23)),
        HalfTerm("Autumn 2", D(2026, 11, 2), D(2026, 12, 18)),
    )
    assert term_dates(hts, "autumn", 2026) == (D(2026, 9, 1), D(2026, 12, 18))
    assert term_dates(hts, "summer", 2025) == (D(2026, 6, 8), D(2026, 7, 22))


def test_the_register_check_as_of_the_data_s_first_day_is_made():
    """The register from Mon 07/09/2026; --as-of 07/09/2026, its first day, is in the data:
    the autumn term's check as of that day is made (one day's figures: nobody listed), not
    refused as before the data; --as-of Sun 06/09/2026 is refused."""
    from attcli.config import Config
    from attcli.lacheck import register_check
    from builders import register

    reg = register({"ONE": " ".join(["N"] * 20)}, start=D(2026, 9, 7))
    rc = register_check(reg, Config(), term="autumn", year=2026, as_of=D(2026, 9, 7))
    assert rc.rows.height == 0
    with pytest.raises(AttcliError, match="give --as-of 2026-09-07 or later"):
        register_check(reg, Config(), term="autumn", year=2026, as_of=D(2026, 9, 6))


def test_only_a_letter_of_a_more_serious_band_is_more_serious():
    """Default bands (green, amber, red, severe, least serious first): for a pupil in red
    now, this half term's red letter is the same band, not a more serious one (no
    "improved since"); the severe letter is; the amber one is milder."""
    from attcli.config import Config
    from attcli.store import LetterRecord
    from attcli.termly import more_serious

    def letter(id_: int, band: str) -> LetterRecord:
        return LetterRecord(id_, "", "ONE", band, band, "Autumn 1", D(2026, 9, 7), "parent",
                            1, "sent", D(2026, 10, 5), "out", "f.pdf", None, "One", "Ms A",
                            "1 Road", "")  # fmt: skip

    red, severe, amber = letter(1, "red"), letter(2, "severe"), letter(3, "amber")
    assert more_serious(Config(), "red", [red, amber]) == ()
    assert more_serious(Config(), "red", [red, severe, amber]) == (severe,)


def test_a_month_whose_last_school_day_is_its_first_is_as_of_that_day():
    """Term dates: Summer 2 ends Wed 01/07/2026, Autumn 1 starts Thu 03/09/2026.  July's
    return from an export that reaches 03/09/2026, whose last date in July is 01/07/2026
    (the school's last day of the year): the term dates give no school day after it in
    July, so the return is as of 01/07/2026, the same as from the export to that day
    (sweep lareturn2), not as of 31/07/2026."""
    from attcli.config import parse_config
    from attcli.lareturn.rules import month_period

    cfg = parse_config(
        "[[calendar.half_terms]]\nname = 'Summer 2'\nstart = 2026-06-08\nend = 2026-07-01\n"
        "[[calendar.half_terms]]\nname = 'Autumn 1'\nstart = 2026-09-03\nend = 2026-10-23\n"
    )
    july = D(2026, 7, 1)
    period = month_period(july, None, D(2025, 9, 3), D(2026, 9, 3), cfg.half_terms,
                          last_in_month=D(2026, 7, 1), config=cfg)  # fmt: skip
    assert (period.start, period.as_of) == (D(2026, 7, 1), D(2026, 7, 1))


def test_this_term_s_letter_went_by_its_template_or_by_its_band():
    """Band amber's letter (template "amber") goes once a term.  An earlier half term's
    letter of the term counts as this term's when it is the same letter (template "amber",
    its band not recorded) or the band's letter under another template (band amber,
    template "amber_old", since renamed): either way none goes again this term."""
    from attcli.config import parse_config
    from attcli.store import LetterRecord
    from attcli.termly import this_term

    cfg = parse_config(
        '[[bands]]\nname = "green"\nat_least = 96\n'
        '[[bands]]\nname = "amber"\nat_least = 90\nletter = "amber"\nletter_every = "term"\n'
        '[[bands]]\nname = "red"\nletter = "red"\n'
    )

    def letter(template: str, band: str | None) -> LetterRecord:
        return LetterRecord(1, "", "ONE", template, band, "Autumn 1", D(2026, 9, 7), "parent",
                            1, "sent", D(2026, 10, 5), "out", "f.pdf", None, "One", "Ms A",
                            "1 Road", "")  # fmt: skip

    for mine in (letter("amber", None), letter("amber_old", "amber")):
        verdict = this_term(cfg, "amber", "amber", [mine])
        assert verdict is not None and verdict.kind == "went", mine
    assert this_term(cfg, "amber", "amber", [letter("praise", "green")]) is None


def test_a_corrected_run_of_a_pupil_who_left_in_july_is_amended_not_said_missing(tmp_path):
    """test_sweep_years' GONE (N every school day Mon 6 - Fri 17 Jul 2026, 10 days; in
    July's export, not September's): July's return lists the run new, still absent.  Then
    the MIS corrects Mon 6 Jul to I (ill): the July export given with September's shows
    7 - 17 Jul, 9 days, under 10, GONE's last day on roll 17/07/2026.  September's return
    must tell the LA the run it was sent is corrected (amended, a register correction),
    with GONE's name and leaving date: GONE is in the exports given.  It said "(not in the
    exports)", "not in these exports", and 10 days from 06/07 as reported."""
    import csv as csv_mod

    from builders import register_rows
    from clirun import run_cli
    from school import make_workspace
    from test_la_return import write_export
    from test_sweep_years import TWO_YEARS, _school_days

    config = make_workspace(tmp_path / "school", TWO_YEARS)
    july_days = _school_days(D(2025, 9, 1), D(2026, 7, 31))
    gone = set(july_days[-10:])  # Mon 6 - Fri 17 Jul
    assert min(gone) == D(2026, 7, 6)

    def mark(upn: str, d: dt.date, fixed: bool) -> str:
        if upn != "GONE" or d not in gone:
            return "/"
        return "I" if fixed and d == D(2026, 7, 6) else "N"

    def last_year(fixed: bool):
        return register_rows(
            {"upn": upn, "date": d, "session": s, "mark": mark(upn, d, fixed)}
            for upn in ("GONE", "STAY") for d in july_days for s in ("AM", "PM")
        )  # fmt: skip

    this = register_rows(
        {"upn": "STAY", "date": d, "session": s, "mark": "/"}
        for d in _school_days(D(2026, 9, 1), D(2026, 9, 18)) for s in ("AM", "PM")
    )  # fmt: skip
    july = write_export(tmp_path / "july.csv", last_year(False), D(2026, 7, 31))
    fixed = write_export(tmp_path / "july_fixed.csv", last_year(True), D(2026, 7, 31))
    sep = write_export(tmp_path / "sep.csv", this, D(2026, 9, 30))
    code, _, err = run_cli("la-return", july, "--month", "2026-07", "-c", config,
                           "-o", tmp_path / "jul.csv", width=400)  # fmt: skip
    assert code == 0, err
    code, text, err = run_cli("la-return", fixed, sep, "--month", "2026-09", "--as-of",
                              "2026-09-18", "-c", config, "-o", tmp_path / "sep_ret.csv",
                              width=400)  # fmt: skip
    assert code == 0, err
    with (tmp_path / "sep_ret.csv").open(encoding="utf-8-sig") as f:
        (row,) = [r for r in csv_mod.DictReader(f) if r["UPN"] == "GONE"]
    assert (row["Status"], row["Surname"], row["Left the roll on"]) == (
        "amended",
        "SurnameGONE",
        "17/07/2026",
    )
    assert "not in these exports" not in row["Note"]
    assert "(a register correction)" in row["Note"]
