"""DOMAIN.md read rule by rule against the code, a fifth pass (sweep of 6 December,
domainf): the calendar (10), escalation's policy bands (11), and the sentences of 1, 2, 5
and 6 no earlier pass pinned, each at its boundary on a small hand-built register, the
right answer worked out by hand in the comments (docs/decisions.md, "domainf", lists
rule -> test).

The registers (tests/builders.py) run from Mon 7 Sep 2026 unless said, school days only:
  week 1: 7-11 Sep  week 2: 14-18  week 3: 21-25  week 4: 28 Sep-2 Oct  week 5: 5-9 Oct
  week 6: 12-16 Oct  week 7: 19-23 Oct, the October half term 26-30 Oct (no rows),
  week 8: 2-6 Nov  week 9: 9-13 Nov  week 10: 16-20 Nov  week 11: 23-27 Nov ...
Every evaluation is the engine's (attcli.engine.evaluate), which every command reads.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from attcli import percent
from attcli.config import Config, ladder_bands_text, parse_config
from attcli.engine import evaluate
from attcli.letter_settings import reading_lines
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, HALF_TERM_LADDER, contacts_file, make_workspace

D = dt.date
P = "/\\ "
W = P * 5
#: the October half term: a week with no sessions at all (no rows)
HALF_TERM = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
#: a week closed unexpectedly (snow): every session Y1
CLOSED = "Y1.Y1 " * 5


def rows(ev, *cols: str) -> dict[str, tuple]:  # noqa: ANN001
    return {r[0]: r[1:] for r in ev.pupils.select("upn", *cols).rows()}


PN = ("pn_threshold_met", "pn_window_sessions", "pn_window_start", "pn_first_met")


@pytest.mark.parametrize("inset", ["no rows", "#"])
def test_a_week_of_three_days_and_a_week_with_an_inset_day_are_school_weeks_of_the_window(inset):
    # DOMAIN.md 5 and 10: a school week is any week with at least one session.  The school
    # opens on Wed 2 Sep 2026 (the week of Mon 31 Aug: 3 school days) and Mon 14 Sep is an
    # INSET day (no rows, or '#' for everyone: not possible): both weeks are school weeks.
    # School weeks by their Mondays: 31 Aug (1), 7 Sep (2), 14 Sep (3), 21 Sep (4), 28 Sep
    # (5), 5 Oct (6), 12 Oct (7), 19 Oct (8), the half term, 2 Nov (9), 9 Nov (10), 16 Nov
    # (11).  A: O on Wed-Fri 2-4 Sep (6 sessions) and Mon-Tue 2-3 Nov (4): 10, met on Tue
    # 3 Nov.  As of Fri 13 Nov the 10 weeks reach back to 31 Aug: 10, met.  As of Mon 16
    # Nov they start on 7 Sep: 4, not met (first met still 3 Nov, in the period).  Were the
    # 3-day week no school week, 13 Nov's window would start on 7 Sep (4); were the INSET
    # week none, 16 Nov's would still reach 31 Aug (10).
    skip = "! " if inset == "no rows" else "# "
    everyone_else = "! " if inset == "no rows" else "# "
    a = "O O O " + W + skip + P * 4 + W * 5 + "O O " + P * 8
    ok = P * 3 + W + everyone_else + P * 4 + W * 5 + W * 3
    reg = register({"A": a, "OK": ok}, start=D(2026, 9, 2), holidays=HALF_TERM)
    met = evaluate(reg, Config(), as_of=D(2026, 11, 13))
    assert len([w for w in met.calendar.school_weeks if w <= met.as_of]) == 10
    # (the window's first day is that week's first school day, Wed 2 Sep: sweep rules3)
    assert rows(met, *PN)["A"] == (True, 10, D(2026, 9, 2), D(2026, 11, 3))
    moved = evaluate(reg, Config(), as_of=D(2026, 11, 16))
    assert rows(moved, *PN)["A"] == (False, 4, D(2026, 9, 7), D(2026, 11, 3))


def test_a_week_closed_by_snow_is_no_school_week_and_ends_no_half_term():
    # DOMAIN.md 10: a week closed unexpectedly (every session Y1-Y7) is not a school week,
    # but it does not end a half term; no term dates, so the half terms are inferred.
    # Week 4 (28 Sep-2 Oct) is closed for everyone.  School weeks: 7 Sep (1), 14 (2), 21
    # (3), 5 Oct (4), 12 (5), 19 (6), 2 Nov (7), 9 (8), 16 (9), 23 Nov (10), 30 Nov (11).
    #   PN: O all of week 1 (10 sessions).  As of Fri 27 Nov the 10 school weeks start on 7
    #       Sep: 10, met; as of Mon 30 Nov on 14 Sep: 0.  Were the closed week a school
    #       week, 27 Nov's window would start on 14 Sep.
    #   LT: 2 lates in week 3 (Mon, Tue AM) and 2 in week 5 (Mon, Tue PM): 4 in Autumn 1,
    #       which runs on across the closure (7 Sep to 23 Oct): flagged as of Fri 23 Oct.
    #       Were the closure a holiday, Autumn 1 would end on 25 Sep: 2 and 2, no flag.
    pn = "O " * 5 + W * 2 + CLOSED + W * 3 + W * 5
    lt = W * 2 + "L/ L/ " + P * 3 + CLOSED + "/L /L " + P * 3 + W * 2 + W * 5
    ok = W * 3 + CLOSED + W * 3 + W * 5
    reg = register({"PN": pn, "LT": lt, "OK": ok, "OK2": ok, "OK3": ok}, holidays=HALF_TERM)
    lates = evaluate(reg, Config(), as_of=D(2026, 10, 23))
    assert lates.calendar.closure_weeks == (D(2026, 9, 28),)
    assert [(h.name, h.start, h.end) for h in lates.calendar.half_terms] == [
        ("Autumn 1", D(2026, 9, 7), D(2026, 10, 23)),
        ("Autumn 2", D(2026, 11, 2), D(2026, 12, 4)),
    ]
    assert rows(lates, "lates_half_term", "lates_flag")["LT"] == (4, True)
    met = evaluate(reg, Config(), as_of=D(2026, 11, 27))
    assert rows(met, *PN)["PN"] == (True, 10, D(2026, 9, 7), D(2026, 9, 11))
    moved = evaluate(reg, Config(), as_of=D(2026, 11, 30))
    assert rows(moved, *PN)["PN"][:3] == (False, 0, D(2026, 9, 14))


@pytest.mark.parametrize(
    "config", [Config(), parse_config(AUTUMN_HALF_TERMS)], ids=["inferred", "term dates"]
)
def test_lates_to_the_last_session_of_a_half_term_count_into_its_holiday_not_the_next(config):  # noqa: ANN001
    # DOMAIN.md 4 and 9: 4 lates in one half term (a lateness letter).  L4: 3 lates in week
    # 7 and the 4th on Fri 23 Oct PM, the last session of Autumn 1.  As of that day: 4,
    # flagged; as of Wed 28 Oct, in the half-term holiday, the half term is still Autumn 1
    # (the one that ended before it): 4, flagged; as of Mon 2 Nov, Autumn 2: 0.  L3 has the
    # 3 in week 7 only: never flagged.
    reg = register(
        {"L4": W * 6 + "L/ L/ L/ " + P + "/L " + W, "L3": W * 6 + "L/ L/ L/ " + P * 2 + W},
        holidays=HALF_TERM,
    )
    for on, half_term, l4 in (
        (D(2026, 10, 23), "Autumn 1", (4, True)),
        (D(2026, 10, 28), "Autumn 1", (4, True)),
        (D(2026, 11, 2), "Autumn 2", (0, False)),
    ):
        ev = evaluate(reg, config, as_of=on)
        assert ev.calendar.half_term_of(on).name == half_term
        got = rows(ev, "lates_half_term", "lates_flag")
        assert (got["L4"], got["L3"][1]) == (l4, False), on


def absent(sessions: int, missing: int = 0) -> str:
    """``sessions`` sessions of O (whole days, then an AM), ``missing`` days of '-' (no
    mark recorded: out of possible sessions, DOMAIN.md 1), then present: 50 school days."""
    whole, half = divmod(sessions, 2)
    return (
        "O " * whole + ("O/ " if half else "") + "- " * missing + P * (50 - whole - half - missing)
    )


def test_the_policies_bands_at_their_edges_on_exact_fractions():
    # DOMAIN.md 3 and 11, the bands `attcli init --ladder seed003 / seed004` write.  Seed
    # 003: "100% - 95%", "Upper 94 - 95.9%", "Lower 90 - 93.9%", "Below 90 %" (the preset:
    # green from 96 %, upper amber from 94, lower amber from 90, red below 90).  Seed 004:
    # green above 93 %, "falls to 93%" the letter's band (amber) down to 90, "below 90%"
    # red.  50 school days, 100 sessions; '-' sessions are out of possible.
    pupils = {
        "A": absent(4),  # 96/100 = 96.0 %
        "B": "O O O- " + P * 47,  # 5 O, one '-': 94/99 = 94.95 %
        "C": "O O -/ " + P * 47,  # 4 O, one '-': 95/99 = 95.96 %, "96.0" to one place
        "D": absent(6),  # 94/100 = 94.0 %
        "E": absent(6, 1),  # 92/98 = 93.88 %
        "F": absent(7),  # 93/100 = 93.0 %
        "G": absent(10),  # 90/100 = 90.0 %
        "H": "O " * 5 + "-/ " + P * 44,  # 10 O, one '-': 89/99 = 89.90 %
    }
    reg = register(pupils, holidays=HALF_TERM)
    seed003 = parse_config(AUTUMN_HALF_TERMS + ladder_bands_text("seed003"))
    seed004 = parse_config(AUTUMN_HALF_TERMS + ladder_bands_text("seed004"))
    three = rows(evaluate(reg, seed003), "attended", "possible", "band")
    four = rows(evaluate(reg, seed004), "band")
    assert three == {
        "A": (96, 100, "green"),
        "B": (94, 99, "upper_amber"),
        "C": (95, 99, "upper_amber"),
        "D": (94, 100, "upper_amber"),
        "E": (92, 98, "lower_amber"),
        "F": (93, 100, "lower_amber"),
        "G": (90, 100, "lower_amber"),  # seed 003's red is below 90: not the default's
        "H": (89, 99, "red"),
    }
    assert {u: v[0] for u, v in four.items()} == {
        "A": "green", "B": "green", "C": "green", "D": "green", "E": "green",
        "F": "amber", "G": "amber", "H": "red",
    }  # fmt: skip
    # a figure people read is never put on a line it is not on: C is upper amber, below
    # seed 003's 96 %, so never "96.0%" (DOMAIN.md 2)
    assert percent.pct_text(95, 99, reading_lines(seed003)) == "95.96%"


def test_a_pupil_joining_mid_week_into_a_run_was_never_seen():
    # DOMAIN.md 1 and 6: blank cells before a pupil's first mark are outside the time on
    # roll; a run's last day attended is the day before it began, none when the pupil never
    # attended.  J joins on Wed 9 Sep (blank Mon-Tue) and is N every day to Tue 22 Sep:
    # school days 9, 10, 11, 14 ... 18, 21, 22 Sep = 10.  As of Mon 21 Sep: 9 days, current;
    # as of Tue 22 Sep: 10; no day attended.  Back on Wed 23 Sep: no current run, the
    # longest 10, last attended that day.
    reg = register({"J": "_ _ " + "N " * 10 + P * 3, "OK": W * 3})
    cols = ("continuous_absence_days", "continuous_absence_start", "longest_absence_days")
    cols += ("last_attended",)

    def on(day: dt.date) -> tuple:
        return rows(evaluate(reg, Config(), as_of=day), *cols)["J"]

    assert on(D(2026, 9, 21)) == (9, D(2026, 9, 9), 9, None)
    assert on(D(2026, 9, 22)) == (10, D(2026, 9, 9), 10, None)
    assert on(D(2026, 9, 23)) == (0, None, 10, D(2026, 9, 23))


# --- DOMAIN.md 9 and 11: a letter stage recorded by hand in the holiday after a half term

WEEK_80 = "/\\ /\\ /\\ /\\ O"  # Mon - Thu present, Friday missed: 8/10, 80 %, red


def _counts(out: str) -> tuple[int, int]:
    """A dry run's letters that would be written, and those already sent this half term."""
    flat = " ".join(out.replace("│", " ").split())
    m = re.search(r"dry run: (\d+) letters? would be written.*?; (\d+) already sent", flat)
    assert m, out
    return int(m[1]), int(m[2])


@pytest.mark.parametrize("terms", ["term dates", "inferred"])
def test_a_letter_recorded_by_hand_after_its_half_term_s_last_day_is_that_half_term_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, terms: str
) -> None:
    # DOMAIN.md 9: never the same letter twice for the same half term; DOMAIN.md 11: the
    # school's records of what it did are the history the next step reads.  R misses every
    # Friday (80 %, red).  The office sends R's red letter by hand and records the ladder's
    # red stage after the last school day of the half term the figures are in:
    #   term dates: on Wed 28 Oct, in the October half-term holiday after Autumn 1 (to Fri
    #     23 Oct).  Letters as of 28 Oct are Autumn 1's (the half term that ended before
    #     it, as the letters' header says): the red letter went, none to write.  As of Fri
    #     6 Nov, Autumn 2's: the red letter again (the record was Autumn 1's).
    #   inferred (no term dates): exports to Fri 16 Oct, the record on Mon 19 Oct, the run
    #     that morning on Friday's export: Autumn 1 runs to 16 Oct as far as the exports
    #     show, no later half term begun: the record is Autumn 1's, none to write.
    # Both were written again: the record counted only between the half term's first and
    # last day.
    extra = AUTUMN_HALF_TERMS + HALF_TERM_LADDER if terms == "term dates" else HALF_TERM_LADDER
    ws = make_workspace(tmp_path / "ws", extra)
    weeks = 9 if terms == "term dates" else 6
    reg = register({"R": " ".join([WEEK_80] * weeks)}, holidays=HALF_TERM)
    exp = write_long_csv(reg, tmp_path / "e.csv")
    con = contacts_file(tmp_path / "c.csv", [("R", "C1", "Mrs", "Ann", "Parent")])
    as_of, on = (
        ("2026-10-28", "2026-10-28") if terms == "term dates" else ("2026-10-16", "2026-10-19")
    )
    monkeypatch.setenv("ATTCLI_TODAY", on)
    code, _, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-10-09")
    assert code == 0, err
    code, _, err = run_cli("case", "record", "R", "--action", "red", "--date", on, "-c", ws)
    assert code == 0, err
    letters = ("letters", exp, "-c", ws, "--contacts", con, "--dry-run", "--out", tmp_path / "out")
    code, out, err = run_cli(*letters, "--as-of", as_of, width=250)
    assert code == 0, err
    assert "Letters for Autumn 1" in out
    assert _counts(out) == (0, 1)
    assert f"recorded by hand {D.fromisoformat(on):%d/%m/%Y}" in out
    # the check reads the letters' rule: no letter to ask for, as of the holiday and as of
    # the half term's last day (the export of Fri 23 Oct, or 16 Oct, checked after the
    # letter went by hand: a letter attcli wrote then is on record on that day's figures,
    # and one sent by hand is as sent); it asked for the letter again
    sent = f"red letter for Autumn 1 sent {D.fromisoformat(on):%d/%m/%Y}: no second"
    for day in {as_of, "2026-10-23" if terms == "term dates" else as_of}:
        code, out, err = run_cli("check", exp, "-c", ws, "--as-of", day, width=600)
        assert code == 0, err
        assert sent in " ".join(out.split()), day
    if terms == "term dates":
        monkeypatch.setenv("ATTCLI_TODAY", "2026-11-06")
        code, out, err = run_cli(*letters, "--as-of", "2026-11-06", width=250)
        assert code == 0, err
        assert "Letters for Autumn 2" in out
        assert _counts(out) == (1, 0)


@pytest.mark.parametrize(
    ("ladder", "stage", "holds", "not_"),
    [
        # seed 003: "Upper 94 - 95.9%" (the letter below 96), "Lower 90 - 93.9%" (below
        # 94), "Below 90 %" (the meeting): each line itself is not below it
        ("seed003", "upper_amber", (9599, 10000), (96, 100)),
        ("seed003", "lower_amber", (9399, 10000), (94, 100)),
        ("seed003", "below_90_meeting", (8999, 10000), (90, 100)),
        # seed 004: "falls to 93%" (the letter at 93 or less), "below 90%" (the review)
        ("seed004", "letter", (93, 100), (9301, 10000)),
        ("seed004", "review_meeting", (8999, 10000), (90, 100)),
    ],
)
def test_the_shipped_ladders_steps_start_on_their_policy_lines(ladder, stage, holds, not_):  # noqa: ANN001
    # DOMAIN.md 11: the stages and triggers are the school's, from its policy; compared on
    # exact fractions (DOMAIN.md 2), none under the minimum of 10 possible sessions.
    from attcli.config import ladder_text
    from attcli.ladder import Standing, condition_holds

    config = parse_config(ladder_bands_text(ladder) + ladder_text(ladder))
    step = next(s for s in config.escalation.stages if s.name == stage)

    def at(a: int, p: int) -> bool:
        return condition_holds(step, Standing(a, p, None, frozenset()), config.bands, 10)

    assert at(*holds) and not at(*not_)
    assert not at(0, 9) and at(0, 10)


def test_a_letter_after_one_recorded_by_hand_last_half_term_is_the_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DOMAIN.md 9: a letter says when it is a second letter at the same band; that needs a
    # record of letters sent.  R (80 %, red all autumn): the office sent Autumn 1's red
    # letter by hand on Fri 9 Oct and recorded the ladder's red stage, which attcli counts
    # as that letter sent (no second in Autumn 1).  Autumn 2's red letter (as of Fri 6
    # Nov) is the second red letter, as after a red letter attcli wrote: stage 2, "a
    # further letter", "I wrote to you about ForenameR's attendance on 9 October 2026".
    # It was written as a first letter ("I am writing because ..."), and the run said
    # "Autumn 1 has no letters on record".
    import json

    from attcli.config import load_config
    from attcli.letters import run_letters

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + HALF_TERM_LADDER)
    reg = register({"R": " ".join([WEEK_80] * 9)}, holidays=HALF_TERM)
    exp = write_long_csv(reg, tmp_path / "e.csv")
    con = contacts_file(tmp_path / "c.csv", [("R", "C1", "Mrs", "Ann", "Parent")])
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-09")
    code, _, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-10-09")
    assert code == 0, err
    code, _, err = run_cli(
        "case", "record", "R", "--action", "red", "--date", "2026-10-09", "-c", ws
    )
    assert code == 0, err
    r = run_letters(
        [exp], load_config(ws), contacts=con, out_dir=None, as_of=D(2026, 11, 6),
        dry_run=True, letter_date=D(2026, 11, 6),
    )  # fmt: skip
    (letter,) = [x for x in r.letters if x.template == "red"]
    assert (letter.status, letter.stage) == ("new", 2)
    text = " ".join(json.dumps(letter.doc).split())
    assert "persistent absence, a further letter" in text
    assert "I wrote to you about ForenameR's attendance on 9 October 2026" in text
    assert not any("Autumn 1 has no letters on record" in n for n in r.notes)
