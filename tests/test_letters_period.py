"""The period a letter's figures are for, as the letter says it (DOMAIN.md 2 and 9): the
school year up to the figures' date, or the shorter period --from states, by its dates;
and escalation from the history whatever the period (letters6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from attcli.config import parse_config
from attcli.letters import History, run_letters
from builders import register
from test_letters import AUTUMN_HOLIDAY, CONFIG, FONTS, THREE_HALF_TERMS, contacts_for, html_text


def config(tmp: Path) -> object:
    return parse_config(
        CONFIG.format(history=tmp / "history.sqlite3", fonts=FONTS, extra="") + THREE_HALF_TERMS
    )


# Autumn 1, 35 school days from Mon 7 Sep 2026 to Fri 23 Oct 2026 (70 sessions): BIL misses
# 4 days, 62/70 = 88.57 %: red.
AUTUMN = {"BIL": "/ " * 31 + "O " * 4}
# Spring 1 only, 30 school days from Mon 4 Jan 2027 to Fri 12 Feb 2027 (60 sessions): VIC
# misses 3 days, 54/60 = 90.0 % (red: 90 % is persistent absence); BIL misses 5, 50/60 =
# 83.33 %: red.
SPRING = {"VIC": "/ " * 27 + "O " * 3, "BIL": "/ " * 25 + "O " * 5}


def test_a_from_letter_names_its_period_and_escalates_from_the_history(tmp_path) -> None:
    """letters6: `letters reg_s1only.csv --from 2027-01-04` (the fix attcli's own refusal
    suggests) told Vic's family "Vic's attendance this school year is 90.0%" under a
    table headed "School year so far 54 of 60": six weeks called the school year.  And
    Bilal, with a red letter on record from October, got a first letter: the history was
    looked up under the --from date's year (2027), not the school year's (2026/27).  The
    letter now names the period by its dates, in the sentence and the table heading, and
    the red letter of 23 October makes this one the second."""
    cfg = config(tmp_path)
    everyone = contacts_for(["BIL", "VIC"], tmp_path)
    kw = dict(contacts=everyone, out_dir=tmp_path / "out", only=["red"])
    oct23 = dt.date(2026, 10, 23)
    autumn = register(AUTUMN)
    first = run_letters([], cfg, register=autumn, as_of=oct23, letter_date=oct23, **kw)
    assert [(x.upn, x.stage) for x in first.letters] == [("BIL", 1)]

    spring = register(SPRING, start=dt.date(2027, 1, 4))
    r = run_letters(
        [], cfg, register=spring, period_start=dt.date(2027, 1, 4),
        letter_date=dt.date(2027, 2, 15), **kw,
    )  # fmt: skip
    got = {x.upn: x for x in r.letters}
    assert sorted((u, x.stage) for u, x in got.items()) == [("BIL", 2), ("VIC", 1)]
    vic, bil = (html_text(tmp_path / "out" / got[u].html_file) for u in ("VIC", "BIL"))
    assert "ForenameVIC's attendance from 4 January 2027 to 12 February 2027 is 90.0%." in vic
    # the table: the half term, then the period by its dates (54 of 60 in both)
    assert (
        "This half term (Spring 1) 4 January 2027 to 12 February 2027 Attendance 90.0% 90.0% "
        "Sessions attended 54 of 60 54 of 60"
    ) in vic
    assert "ForenameBIL SurnameBIL: persistent absence, a further letter" in bil
    assert "I wrote to you about ForenameBIL's attendance on 23 October 2026." in bil
    assert "I am writing because" not in bil  # (a first letter's opening)
    assert "It is 83.3% from 4 January 2027 to 12 February 2027: ForenameBIL has missed" in bil
    for text in (vic, bil):
        assert "school year" not in text.lower()
    # a shorter period's figure is not the school year's: the history keeps none, so a
    # later letter never quotes it as "for the school year when I last wrote"
    with History(tmp_path / "history.sqlite3") as store:
        kept = store.last_letter("", "VIC", ["red"], 2026, dt.date(2027, 2, 22))
    assert kept is not None and (kept.attended, kept.possible) == (None, None)


# Autumn 1 and 2, 70 school days from Mon 7 Sep 2026 to Fri 18 Dec 2026 (the half-term
# holiday 26-30 Oct).  ZAR misses 4 days of Autumn 1 (62/70 = 88.57 %: red on 23 Oct) and
# none after (132/140 = 94.29 % on 18 Dec: no letter); RED misses 4 days of each half term
# (62/70 = 88.57 % on 23 Oct; 124/140 = 88.57 % on 18 Dec: red).
AUTUMN_BOTH = {
    "ZAR": "/ " * 31 + "O " * 4 + "/ " * 35,
    "RED": "/ " * 31 + "O " * 4 + "/ " * 31 + "O " * 4,
}


def test_a_letter_says_the_date_its_figures_run_to_and_an_old_as_of_is_said(tmp_path) -> None:
    """letters6: `letters reg_a2.csv --as-of 2026-10-23` on 21 December wrote "Zara's
    attendance this school year is 88.6%" under "This half term (Autumn 1)", with nothing
    saying the figures stop at 23 October (by 18 December she is at 94.3 %, no letter).
    Every letter now says the date its figures run to, the half term is "this" only when
    no half term has begun since the figures' date, and the run says in one line that the
    letters' figures stop before the register does."""
    cfg = config(tmp_path)
    kw = dict(
        register=register(AUTUMN_BOTH, holidays=AUTUMN_HOLIDAY),
        contacts=contacts_for(["RED", "ZAR"], tmp_path),
        only=["red"],
        letter_date=dt.date(2026, 12, 21),
    )
    old = run_letters([], cfg, as_of=dt.date(2026, 10, 23), out_dir=tmp_path / "old", **kw)
    got = {x.upn: x for x in old.letters}
    assert sorted(got) == ["RED", "ZAR"]
    zara = html_text(tmp_path / "old" / got["ZAR"].html_file)
    assert (
        "ForenameZAR's attendance this school year (up to 23 October 2026) is 88.6%." in zara
    )
    assert (
        "Half term (Autumn 1) School year (up to 23 October 2026) Attendance 88.6% 88.6% "
        "Sessions attended 62 of 70 62 of 70"
    ) in zara
    assert "This half term" not in zara
    said = [n for n in old.notes if "register runs to" in n]
    assert said == [
        "the letters give figures up to 23/10/2026 (--as-of), and the register runs to "
        "18/12/2026: what happened since is not in them"
    ]

    # the figures of the letters' own week (as of Friday 18 Dec, dated Monday 21 Dec): the
    # date still said (always: one rule, and a letter read weeks later still says it)
    (tmp_path / "b").mkdir()  # (a history of its own: RED's letter above is not this one's)
    now = run_letters([], config(tmp_path / "b"), out_dir=tmp_path / "now", **kw)
    assert [x.upn for x in now.letters] == ["RED"]
    red = html_text(tmp_path / "now" / now.letters[0].html_file)
    assert "ForenameRED's attendance this school year (up to 18 December 2026) is 88.6%." in red
    assert (
        "This half term (Autumn 2) School year (up to 18 December 2026) Attendance 88.6% 88.6%"
    ) in red
    assert not [n for n in now.notes if "register runs to" in n]


def test_a_held_letter_under_from_names_the_period_its_absence_was_counted_over(tmp_path) -> None:
    """letters6: under --from 2027-01-04 the letters name their period by its dates, but a
    held letter's reason still said "30 of 30 absence sessions this school year are C2":
    the absence was counted from 4 January only.  PTT, Spring 1 only (30 school days from
    Mon 4 Jan to Fri 12 Feb 2027), present every morning and C2 every afternoon: 30/60 =
    50.0 %, severe, its 30 absence sessions all C2 (a part-time timetable): held."""
    cfg = config(tmp_path)
    spring = register({"PTT": "/.C2 " * 30}, start=dt.date(2027, 1, 4))
    r = run_letters(
        [], cfg, register=spring, period_start=dt.date(2027, 1, 4),
        letter_date=dt.date(2027, 2, 15), contacts=contacts_for(["PTT"], tmp_path),
        out_dir=tmp_path / "out", only=["severe"],
    )  # fmt: skip
    assert [(u.upn, u.template, u.reason) for u in r.held] == [
        ("PTT", "severe", "30 of 30 absence sessions from 4 January 2027 to 12 February 2027 "
         "are C2 (part-time timetable)"),
    ]  # fmt: skip


def test_the_half_term_column_under_from_is_the_half_term_from_that_date(tmp_path) -> None:
    """sweep4 case2: with --from inside the half term, the column "This half term (Autumn
    1)" counted its sessions from the --from date but its lessons from the half term's
    start: "Sessions missed 11 ... Lessons missed 63" (11 sessions are at most 33).

    BIL: O Mon 7 and Tue 8 Sep, present to Mon 19 Oct, O Tue 20 - Fri 23 Oct.  --from Mon
    14 Sep to Fri 23 Oct: 30 days, 60 sessions, 4 days missed: 52 of 60 (86.7 %, red), 8
    sessions, lessons 4 x 3 + 4 x 2 = 20.  The half term from 14 Sep is the same; the
    column says from when."""
    cfg = config(tmp_path)
    reg = register({"BIL": "O O " + "/ " * 29 + "O " * 4})
    r = run_letters(
        [], cfg, register=reg, period_start=dt.date(2026, 9, 14), only=["red"],
        contacts=contacts_for(["BIL"], tmp_path), out_dir=tmp_path / "out",
        letter_date=dt.date(2026, 10, 26),
    )  # fmt: skip
    [bil] = r.letters
    text = html_text(tmp_path / "out" / bil.html_file)
    assert (
        "This half term (Autumn 1) from 14 September 2026 14 September 2026 to 23 October 2026 "
        "Attendance 86.7% 86.7% Sessions attended 52 of 60 52 of 60 Sessions missed 8 8 "
        "Lessons missed 20 20"
    ) in text


def refused(cfg: object, **kw: object) -> str:
    """The one line a letters run is refused with."""
    from attcli.errors import AttcliError

    with pytest.raises(AttcliError) as exc:
        run_letters([], cfg, **kw)
    return str(exc.value)


def test_no_letters_for_a_half_term_the_register_has_no_school_day_of(tmp_path) -> None:
    """sweep4 case5: an export made on Mon 2 Nov, the first day of Autumn 2 and an INSET
    day ('#' for everyone: no possible session, no school day), made its date the as-of
    date and its letters Autumn 2's: RED, whose red letter of 23 Oct is on record, got
    "red (letter 2)", "a further letter ... 88.6% when I last wrote and is 88.6% now",
    with a half-term column of 0 of 0 and a formal meeting, on figures unchanged.  And
    case4: the register ending 23 Oct, --as-of 6 Nov: Autumn 2's letters on Autumn 1's
    figures, silently.  A half term with no school day in the register up to the as-of
    date has no letters yet: refused in one line saying why and what to do."""
    from test_letters import AUTUMN_HOLIDAY

    cfg = config(tmp_path)
    reg = register({"RED": "/ " * 31 + "O " * 4 + "#"}, holidays=AUTUMN_HOLIDAY)
    kw = dict(contacts=contacts_for(["RED"], tmp_path), out_dir=tmp_path / "out", only=["red"])
    oct23, nov2 = dt.date(2026, 10, 23), dt.date(2026, 11, 2)
    first = run_letters([], cfg, register=reg, as_of=oct23, letter_date=oct23, **kw)
    assert [(x.upn, x.status) for x in first.letters] == [("RED", "written")]
    assert refused(cfg, register=reg, letter_date=nov2, **kw) == (
        "no letters for Autumn 2 yet: the register holds no school day of it up to "
        "02/11/2026 (its days there are closures or INSET days); write them once it holds "
        "one, or give --as-of 2026-10-23 for Autumn 1's"
    )
    autumn1 = register({"RED": "/ " * 31 + "O " * 4}, holidays=AUTUMN_HOLIDAY)
    assert refused(cfg, register=autumn1, as_of=dt.date(2026, 11, 6),
                   letter_date=dt.date(2026, 11, 6), **kw) == (  # fmt: skip
        "no letters for Autumn 2 yet: the register holds no school day of it up to "
        "06/11/2026 (it ends 23/10/2026); export the register up to date, or give --as-of "
        "2026-10-23 for Autumn 1's"
    )


def test_an_as_of_date_after_the_register_is_said(tmp_path) -> None:
    """sweep4 case4: --as-of two school days after the register ends (Wed 21 Oct, as of
    Fri 23 Oct) wrote the letters without a word, where check says the data is incomplete
    (DOMAIN.md 2: never silently used).  The letters say their figures' date (21 Oct);
    the run now says it too."""
    from test_letters import AUTUMN_HOLIDAY

    cfg = config(tmp_path)
    reg = register({"RED": "/ " * 29 + "O " * 4}, holidays=AUTUMN_HOLIDAY)  # to Wed 21 Oct
    r = run_letters(
        [], cfg, register=reg, as_of=dt.date(2026, 10, 23), letter_date=dt.date(2026, 10, 23),
        contacts=contacts_for(["RED"], tmp_path), out_dir=tmp_path / "out", only=["red"],
    )  # fmt: skip
    assert [x.upn for x in r.letters] == ["RED"]
    assert [n for n in r.notes if "register ends" in n] == [
        "the register ends 21/10/2026, 2 school days before the as-of date 23/10/2026: the "
        "letters' figures are as of 21/10/2026, and what happened since is not in them"
    ]


def test_a_week_missing_inside_the_exports_asks_for_that_week(tmp_path) -> None:
    """sweep4 case1: with the week of 21 Sep missing between two exports, letters said
    "export the register from 01/09/2026 to date, or add --from 02/09/2026", and with that
    --from gave the same refusal and advice: no shorter period mends a gap inside the
    data.  It asks for that week's register, as check does."""
    from test_letters import AUTUMN_HOLIDAY

    cfg = config(tmp_path)
    full = register({"RED": "/ " * 31 + "O " * 4}, holidays=AUTUMN_HOLIDAY)
    gap = full.filter(~pl.col("date").is_between(dt.date(2026, 9, 21), dt.date(2026, 9, 25)))
    kw = dict(contacts=contacts_for(["RED"], tmp_path), out_dir=tmp_path / "out",
              letter_date=dt.date(2026, 10, 23), dry_run=True)  # fmt: skip
    for start in (None, dt.date(2026, 9, 7)):
        assert refused(cfg, register=gap, period_start=start, **kw) == (
            "no letters: the exports cover 07/09/2026 to 23/10/2026, but no register for the "
            "week 21/09/2026 to 25/09/2026 (5 school days), in the autumn term; export the "
            "register for the week 21/09/2026 to 25/09/2026 too and give it with the others"
        )
