"""The "improved / not improved" paragraph of a further letter at the same band quotes the
ladder's verdict as `attcli cases` gives it on the figures' date (DOMAIN.md 9 and 11,
docs/letters.md "Escalation"): a period that ended improved and was followed by a fall
that has a stage due on the ladder again is history, not "improved ... glad" (letters6:
Amelia, Bilal)."""

from __future__ import annotations

import datetime as dt

from attcli.config import parse_config
from attcli.letters import run_letters
from builders import register
from school import AUTUMN_HALF_TERMS
from test_letters import AUTUMN_HOLIDAY, CONFIG, FONTS, contacts_for, html_text

# 70 school days from Mon 7 Sep 2026 (AUTUMN_HOLIDAY 26-30 Oct): day 15 is Fri 25 Sep, day
# 34 Thu 22 Oct, day 35 Fri 23 Oct (the first red letter), day 36 Mon 2 Nov, day 49 Thu 19
# Nov, day 50 Fri 20 Nov, day 70 Fri 18 Dec (the second).  The default ladder's red stage:
# 4 weeks from the letter, 23/10 to 19/11 (days 35-49, 30 sessions), against 25/09 to
# 22/10 (days 15-34, 40 sessions); improved at 1 point better or 92 % over the period, and
# the pupil then leaves the ladder (19/11), read from 20/11 by their attendance since.
PUPILS = {
    # Amelia's pattern.  Days 15-20 absent (12 sessions): before the period 28/40 = 70.0 %;
    # year 58/70 = 82.86 % (red) on 23/10.  The period: 30/30 = 100 %: improved, left the
    # ladder on 19/11.  Then days 55-59 absent (10 sessions, unauthorised): since leaving
    # (days 50-70) 32/42 = 76.19 %, band red: `cases` as of 18/12 has the red letter due
    # again.  Year 118/140 = 84.29 % on 18/12; Autumn 2 (days 36-70) 60/70 = 85.71 %;
    # 22 sessions (11 whole days) missed, 11 x 3 + 11 x 2 = 55 lessons.
    "FELL": "/ " * 14 + "O " * 6 + "/ " * 14 + "/ " + "/ " * 14 + "/ " * 5 + "O " * 5 + "/ " * 11,
    # The same period, and no absence after it: days 1-4 and 15-20 absent (20 sessions):
    # year 50/70 = 71.43 % on 23/10, 120/140 = 85.71 % on 18/12 (red); since leaving
    # 42/42 = 100 %: nothing due on the ladder, so the red letter is held for review (it
    # would put the pupil on the ladder again) and, released, says improved.
    "KEPT": "O " * 4 + "/ " * 10 + "O " * 6 + "/ " * 14 + "/ " + "/ " * 35,
}


def _second_letters(tmp_path, release=()):
    reg = register(PUPILS, holidays=AUTUMN_HOLIDAY)
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "history.sqlite3", fonts=FONTS, extra="")
        + AUTUMN_HALF_TERMS
    )
    kw = dict(register=reg, out_dir=tmp_path / "out", only=["red"],
              contacts=contacts_for(sorted(PUPILS), tmp_path))  # fmt: skip
    oct23, dec18 = dt.date(2026, 10, 23), dt.date(2026, 12, 18)
    one = run_letters([], cfg, as_of=oct23, letter_date=oct23, **kw)
    assert sorted((x.upn, x.attended, x.possible) for x in one.letters) == [
        ("FELL", 58, 70), ("KEPT", 50, 70)
    ]  # fmt: skip
    two = run_letters([], cfg, as_of=dec18, letter_date=dec18, release=list(release), **kw)
    return two, {
        x.upn: (x, html_text(tmp_path / "out" / x.html_file))
        for x in two.letters
        if x.status == "written"
    }


def test_a_letter_does_not_call_attendance_improved_when_it_fell_again_after_the_period(
    tmp_path,
) -> None:
    """letters6 Amelia: the Autumn 2 red letter said "It has improved: ... (to 28 October)
    it was 100.0%, against 83.3% ... and we are glad to see it" though she had missed 10
    sessions unauthorised in November and `cases` had her off the ladder with a fresh red
    letter due.  The period ended improved, but the ladder's verdict now is a letter due
    again: no verdict to give, so the figures plainly (the year's then and now, this half
    term's) and the further letter's next steps."""
    two, got = _second_letters(tmp_path)
    assert [u.upn for u in two.held] == ["KEPT"]  # left the ladder improved, nothing due
    letter, text = got["FELL"]
    assert (letter.stage, letter.attended, letter.possible) == (2, 118, 140)
    assert "glad" not in text and "improved" not in text
    assert (
        "I wrote to you about ForenameFELL's attendance on 23 October 2026. It was 82.9% "
        "for the school year when I last wrote and is 84.3% now (up to 18 December 2026): "
        "ForenameFELL has missed 22 "
        "sessions (11 days) of school, which is 55 lessons, and remains persistently absent "
        "(absence of 10% or more). Attendance this half term is 85.7%."
    ) in text
    assert "as this is a further letter, you are asked to attend a formal" in text


def test_a_released_letter_to_a_pupil_who_left_the_ladder_improved_still_says_so(
    tmp_path,
) -> None:
    """The other side: the period ended improved and nothing is due on the ladder since
    (100 % since leaving): the letter held for review, released, says improved."""
    _, got = _second_letters(tmp_path, release=["KEPT"])
    letter, text = got["KEPT"]
    assert (letter.stage, letter.attended, letter.possible) == (2, 120, 140)
    assert (
        "I wrote to you about ForenameKEPT's attendance on 23 October 2026. It has improved: "
        "in the weeks we monitored after my letter of 23 October 2026 (to 19 November "
        "2026) it was 100.0%, against 70.0% in the same number of weeks before it, and we "
        "are glad to see it. For the school year so far it was 71.4% when I last wrote and "
        "is 85.7% now (up to 18 December 2026)."
    ) in text
    assert "formal attendance meeting" not in text


# PASS: days 1-8 absent, 9-14 present (12/28); days 15-35 present: on 23/10 (day 35)
# 54/70 = 77.14 %, red, the red letter.  Its period 23/10-19/11 (days 35-49; 36-38 absent)
# 24/30 = 80.0 % against 40/40 = 100 % over 25/09-22/10: not improved.  On 19/11 the year is
# 76/98 = 77.55 % (at or below 90 %): the severe letter is passed over, its period
# 20/11-17/12 (days 50-69, all present) 40/40 = 100 % against 24/30 before: improved, band
# green over it: the pupil leaves the ladder on 17/12.  On 18/12 (day 70, present) the year
# is 118/140 = 84.29 %, red.
PASS = "O " * 8 + "/ " * 6 + "/ " * 21 + "O " * 3 + "/ " * 11 + "/ " * 21


def test_a_released_letter_to_a_pupil_who_left_the_ladder_improved_never_says_not_improved(
    tmp_path,
) -> None:
    """sweepC: the hold said "left the ladder improved" and the letter released said "It has
    not improved enough" (the red period, 80.0 % against 100.0 %, while the ladder's last
    period, the severe letter's passed over, ended improved).  The red letter of 18/12 is
    held as left improved; released, it gives the figures without a verdict (the red
    period's "not improved" is history the ladder has since moved past), never "not
    improved enough" and its formal meeting."""
    reg = register({"PASS": PASS}, holidays=AUTUMN_HOLIDAY)
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "history.sqlite3", fonts=FONTS, extra="")
        + AUTUMN_HALF_TERMS
    )
    kw = dict(register=reg, out_dir=tmp_path / "out", only=["red"],
              contacts=contacts_for(["PASS"], tmp_path))  # fmt: skip
    oct23, dec18 = dt.date(2026, 10, 23), dt.date(2026, 12, 18)
    one = run_letters([], cfg, as_of=oct23, letter_date=oct23, **kw)
    assert [(x.upn, x.attended, x.possible) for x in one.letters] == [("PASS", 54, 70)]
    two = run_letters([], cfg, as_of=dec18, letter_date=dec18, **kw)
    assert [(u.upn, u.reason) for u in two.held] == [
        ("PASS", "left the ladder improved on 17/12/2026; since then 100.0% (2 of 2 sessions), "
         "too few sessions to judge a band (fewer than 10), so nothing is due on the ladder: "
         "the red letter would put the pupil on it again"),
    ]  # fmt: skip
    two = run_letters([], cfg, as_of=dec18, letter_date=dec18, release=["PASS"], **kw)
    (letter,) = [x for x in two.letters if x.status == "written"]
    text = html_text(tmp_path / "out" / letter.html_file)
    assert (letter.stage, letter.attended, letter.possible) == (2, 118, 140)
    assert "not improved" not in text and "glad" not in text
    assert "It was 77.1% for the school year when I last wrote and is 84.3% now" in text
