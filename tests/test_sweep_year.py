"""Sweep "a year in the office": letters run each half term against one history, as office
staff run them (DOMAIN.md 9), with the answers worked out by hand."""

from __future__ import annotations

import datetime as dt
import shutil

from attcli.config import parse_config
from attcli.letters import run_letters
from builders import register
from school import AUTUMN_HALF_TERMS
from test_letters import CONFIG, FONTS, contacts_for, html_text, run


def test_a_letter_resting_on_missing_marks_is_held_for_review(tmp_path) -> None:
    """40 school days from Mon 7 Sep 2026 (80 sessions); day 28 is Wed 14 Oct.  A missing
    mark (`-`, "no mark recorded") is out of possible sessions (DOMAIN.md 1), and the run
    said only "2 missing marks ... fix them in the MIS before the letters go", while a
    praise letter told Amy's family "Amy has 100% attendance ... Not a single session
    missed": the register cannot say so.  A letter the missing marks would change is held
    for review now, as one resting on N marks not yet resolved is.

    - AMY: present but for Wed 14 Oct, no mark either session: 78/78 = 100 %, praise;
      counted as absence 78/80 = 97.5 %, under the 98 % for praise: held.
    - CAL: present but Wed 14 Oct AM, no mark: 79/79 = 100 %; counted as absence 79/80 =
      98.75 %, still praise, but not the "100% ... not a single session missed" the letter
      says: held.
    - DOT: absent (O) Tue 20 Oct AM, Wed 14 Oct AM no mark: 78/79 = 98.73 %, praise;
      counted as absence 78/80 = 97.5 %: held.
    - BEN: no mark Wed 14 Oct, O Tue 20 - Fri 23 Oct (8): 70/78 = 89.74 %, red; counted as
      attended 72/80 = 90.0 %, red still (90 % is red): his red letter goes.
    - REX: no mark Mon 12 - Fri 16 Oct and Mon 19 Oct AM (11), O Tue 20 - Thu 22 Oct and
      Mon 26 Oct AM (7): 62/69 = 89.86 %, red; counted as attended 73/80 = 91.25 %, amber:
      the red letter rests on them: held.
    - EVE: present every session, no missing mark: 100 %, praise: goes."""
    full = ["/"] * 40

    def marks(**at: str) -> str:
        out = list(full)
        for i, tok in at.items():
            out[int(i[1:])] = tok
        return " ".join(out)

    reg = register(
        {
            "AMY": marks(d27="-"),
            "CAL": marks(d27="-/"),
            "DOT": marks(d27="-/", d31="O/"),
            "BEN": marks(d27="-", d31="O", d32="O", d33="O", d34="O"),
            "REX": marks(
                d25="-", d26="-", d27="-", d28="-", d29="-", d30="-/",
                d31="O", d32="O", d33="O", d35="O/",
            ),
            "EVE": marks(),
        }
    )  # fmt: skip
    r = run(tmp_path, reg, "praise = true")
    held = {(u.upn, u.template): u.reason for u in r.held}
    assert held == {
        ("AMY", "praise"): "2 missing marks (no mark recorded) this school year: the praise "
        "letter rests on them (counted as absence, 97.5%, under the 98% for praise); complete "
        "the register in the MIS first",
        ("CAL", "praise"): "1 missing mark (no mark recorded) this school year: the praise "
        "letter rests on it (counted as absence, 98.8%, not the 100% it says); complete the "
        "register in the MIS first",
        ("DOT", "praise"): "1 missing mark (no mark recorded) this school year: the praise "
        "letter rests on it (counted as absence, 97.5%, under the 98% for praise); complete "
        "the register in the MIS first",
        ("REX", "red"): "11 missing marks (no mark recorded) this school year: band red rests "
        "on them (counted as attended, 91.3%, amber); complete the register in the MIS first",
    }
    assert sorted((x.upn, x.template) for x in r.letters) == [("BEN", "red"), ("EVE", "praise")]
    # released, the praise letter is written as before: its figures leave the marks out
    one = run(tmp_path, reg, "praise = true", release=["AMY"])
    assert [(x.upn, x.template) for x in one.new] == [("AMY", "praise")]
    assert "has 100% attendance" in html_text(tmp_path / "out" / one.new[0].html_file)


def test_a_milder_letter_already_sent_this_half_term_is_not_said_to_be_left_out(
    tmp_path,
) -> None:
    """The office runs letters more than once in a half term.  ZIG, from Mon 7 Sep 2026:
    absent (O) Mon 7 and Tue 8 Sep and Wed 9 Sep AM (5 sessions), and Tue 13 Oct AM.

    - Mon 12 Oct (26 days): 47/52 = 90.38 %, amber: the amber letter goes.
    - Fri 16 Oct (30 days): 54/60 = 90.0 %, red (exactly 90 % is red): the red letter goes.
    - Fri 23 Oct (35 days): 64/70 = 91.43 %, amber.  Improved since the red letter: no
      second amber letter, right; but the run said "improved since the red letter of
      16/10/2026: no amber letter this half term" when one went on 12/10.  The amber letter
      already sent shows as already sent, as any letter sent this half term does."""
    zig = ["/"] * 35
    zig[0] = zig[1] = "O"
    zig[2] = "O/"
    zig[26] = "O/"  # Tue 13 Oct
    reg = register({"ZIG": " ".join(zig), "FINE": " ".join(["/"] * 35)})
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "h.sqlite3", fonts=FONTS, extra="") + AUTUMN_HALF_TERMS
    )
    kw = dict(register=reg, contacts=contacts_for(["FINE", "ZIG"], tmp_path), out_dir=tmp_path / "o")
    runs = []
    for day in (dt.date(2026, 10, 12), dt.date(2026, 10, 16), dt.date(2026, 10, 23)):
        runs.append(run_letters([], cfg, as_of=day, letter_date=day, **kw))
    one, two, three = runs
    assert [(x.template, x.attended, x.possible) for x in one.letters] == [("amber", 47, 52)]
    assert [(x.template, x.attended, x.possible) for x in two.new] == [("red", 54, 60)]
    assert three.new == []
    assert three.improved == []
    assert [(x.template, x.status, x.file) for x in three.letters] == [
        ("amber", "already sent", one.letters[0].file)
    ]
    assert three.no_longer == []  # the red letter was right on 16/10: not listed


def test_a_pupil_too_new_for_a_band_whose_figure_would_call_for_a_letter_is_named(
    tmp_path,
) -> None:
    """35 school days from Mon 7 Sep 2026 to Fri 23 Oct.  EVE joined Mon 19 Oct (5 days,
    10 sessions), absent (O) Tue 20 Oct: 8/10 = 80 %, red, and her red letter goes (10 is
    the minimum).  FAY joined Tue 20 Oct (4 days, 8 sessions), absent Tue 20 Oct: 6/8 =
    75 %, under the 10 possible sessions a band needs: no band, so no letter, right
    (DOMAIN.md 3); but the run said nothing of her, as if she needed none.  attcli cannot
    judge her yet, and now says so in one line.  GUS joined with her, present every session
    (8/8): nothing to say."""
    reg = register(
        {
            "EVE": "_ " * 30 + "/ O / / /",
            "FAY": "_ " * 31 + "O / / /",
            "GUS": "_ " * 31 + "/ / / /",
            "FINE": "/ " * 35,
        }
    )
    r = run(tmp_path, reg, letter_date=dt.date(2026, 10, 23), dry_run=True)
    assert [(x.upn, x.template) for x in r.letters] == [("EVE", "red")]
    said = [n for n in r.notes if "too few" in n]
    assert said == [
        "1 pupil has too few sessions for a band (fewer than 10 possible), though their "
        "attendance so far is in one with a letter: no band letter yet: ForenameFAY "
        "SurnameFAY (FAY), 6 of 8 sessions (75.0%, red)"
    ]


def test_a_half_term_with_no_letters_on_record_between_two_runs_is_said(tmp_path) -> None:
    """Autumn 1's letters were run on 23 Oct; Autumn 2's were forgotten; Spring 1's were run
    on 12 Feb.  RED, absent (O) the first week of each half term: 60/70 = 85.7 % on 23 Oct,
    120/140 = 85.7 % on 18 Dec, 170/200 = 85.0 % on 12 Feb, red throughout.  The Spring 1
    run wrote "letter 2" at red, counting Autumn 1's letter only, and said nothing of
    Autumn 2, whose letters attcli has no record of: attcli cannot know whether they were
    run (by hand, or in another workspace) or forgotten, and now says so in one line.  With
    Autumn 2's run, no such line (its red letter, held as the ladder had the pupil off it
    improved on 17 Dec, made with --include-held)."""
    from test_letters import AUTUMN_HOLIDAY, THREE_HALF_TERMS, WINTER

    week = "O " * 5
    reg = register(
        {"RED": week + "/ " * 30 + week + "/ " * 30 + week + "/ " * 25},
        holidays=AUTUMN_HOLIDAY + WINTER,
    )
    days = (dt.date(2026, 10, 23), dt.date(2026, 12, 18), dt.date(2027, 2, 12))

    def run(folder, i):
        folder.mkdir(exist_ok=True)
        cfg = parse_config(
            CONFIG.format(history=folder / "h.sqlite3", fonts=FONTS, extra="") + THREE_HALF_TERMS
        )
        kw = dict(register=reg, contacts=contacts_for(["RED"], tmp_path), out_dir=folder / "o",
                  only=["red"], include_held=True)  # fmt: skip
        return run_letters([], cfg, as_of=days[i], letter_date=days[i], **kw)

    # Autumn 1's run, the same in both histories, made once: its history copied as the
    # one whose Autumn 2 was skipped (into a letters folder of its own)
    run(tmp_path / "each", 0)
    (tmp_path / "skipped").mkdir()
    shutil.copy2(tmp_path / "each" / "h.sqlite3", tmp_path / "skipped" / "h.sqlite3")
    spring = run(tmp_path / "skipped", 2)
    assert [(x.template, x.stage) for x in spring.new] == [("red", 2)]
    said = [n for n in spring.notes if "Autumn 2" in n]
    assert said == [
        "no letters on record for Autumn 2 (02/11/2026 to 18/12/2026), though Autumn 1's "
        "went: if its letters were never run, what its figures called for was never sent, "
        "and this run's letters count only the letters on record"
    ]
    run(tmp_path / "each", 1)
    spring = run(tmp_path / "each", 2)
    assert [(x.template, x.stage) for x in spring.new] == [("red", 3)]
    assert [n for n in spring.notes if "no letters on record" in n] == []


def test_letters_on_a_new_half_term_s_first_days_with_none_for_the_last_say_so(tmp_path) -> None:
    """Back after half term on Mon 2 Nov 2026, the office exports the register "from 1
    September to date" and runs the letters it forgot in the holiday.  The export holds 2 Nov,
    so the letters were Autumn 2's, on one school day of it, without a word: BEN (absent (O)
    Mon 14 Sep, Mon 28 Sep, Mon 12 Oct: 64/70 = 91.43 % on 23 Oct, 66/72 = 91.67 % on 2
    Nov) got Autumn 2's amber letter, so none at the end of Autumn 2 ("already sent"); GUS,
    late (L) 4 mornings in Autumn 1 (100 %), got a praise letter for Autumn 2 (0 lates in
    it) and no lateness letter.  Autumn 1 has no letters on record: the run now says so, with the
    --as-of that makes them.  Not said once a week of the half term is in (Mon 9 Nov: 6
    school days), nor when Autumn 1's letters are on record."""
    a1 = ["/"] * 35
    ben, gus = list(a1), list(a1)
    ben[5] = ben[15] = ben[25] = "O"
    for i in (10, 11, 12, 13):
        gus[i] = "L/"
    reg = register(
        {"BEN": " ".join(ben + ["/"] * 6), "GUS": " ".join(gus + ["/"] * 6)},
        holidays=[dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)],
    )
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "h.sqlite3", fonts=FONTS, extra="praise = true")
        + AUTUMN_HALF_TERMS
    )
    kw = dict(register=reg, contacts=contacts_for(["BEN", "GUS"], tmp_path), out_dir=tmp_path / "o")
    nov2, nov9 = dt.date(2026, 11, 2), dt.date(2026, 11, 9)
    r = run_letters([], cfg, as_of=nov2, letter_date=nov2, dry_run=True, **kw)
    assert [(x.upn, x.template) for x in r.letters] == [("BEN", "amber"), ("GUS", "praise")]
    assert [n for n in r.notes if "no letters on record" in n] == [
        "these letters are Autumn 2's, on 1 school day of it (02/11/2026): Autumn 1 has no "
        "letters on record; for its letters give --as-of 2026-10-23"
    ]
    r = run_letters([], cfg, as_of=nov9, letter_date=nov9, dry_run=True, **kw)
    assert [n for n in r.notes if "no letters on record" in n] == []
    oct23 = dt.date(2026, 10, 23)
    one = run_letters([], cfg, as_of=oct23, letter_date=nov2, **kw)
    assert sorted((x.upn, x.template) for x in one.letters) == [("BEN", "amber"), ("GUS", "lateness")]
    r = run_letters([], cfg, as_of=nov2, letter_date=nov2, dry_run=True, **kw)
    assert [n for n in r.notes if "no letters on record" in n] == []


def test_an_amber_letter_at_exactly_90_percent_does_not_say_at_risk_of_persistent_absence(
    tmp_path,
) -> None:
    """Seed 004's bands (`attcli init --ladder seed004`): amber from 90 % ("below 90%" is the
    review meeting), so a pupil at exactly 90.0 % gets the amber letter.  40 school days
    from Mon 7 Sep (80 sessions).  NINETY: absent (R) the four Mondays 14 Sep - 5 Oct (8
    sessions), 72/80 = 90.0 %: absence is exactly 10 %, persistent absence (DOMAIN.md 2:
    171 of 190 is exactly 90.0 % "and is persistent absence").  Her letter said "if it
    continues Ninety is at risk of becoming persistently absent (missing 10% of school or
    more)": she already is.  It now says she is.  ABOVE: absent 7 sessions, 73/80 =
    91.25 %: at risk, as before."""
    from pathlib import Path

    import attcli

    bands = (
        Path(attcli.__file__).parent / "templates" / "ladders" / "seed004-bands.toml"
    ).read_text(encoding="utf-8")
    days = ["/"] * 40
    ninety, above = list(days), list(days)
    for i in (5, 10, 15, 20):
        ninety[i] = "R"
    for i in (5, 10, 15):
        above[i] = "R"
    above[20] = "R/"
    reg = register({"NINETY": " ".join(ninety), "ABOVE": " ".join(above)})
    cfg = parse_config(CONFIG.format(history=tmp_path / "h.sqlite3", fonts=FONTS, extra="") + bands)
    r = run_letters(
        [], cfg, register=reg, contacts=contacts_for(["ABOVE", "NINETY"], tmp_path),
        out_dir=tmp_path / "o", letter_date=dt.date(2026, 11, 2),
    )  # fmt: skip
    text = {x.upn: html_text(tmp_path / "o" / x.html_file) for x in r.letters}
    assert sorted((x.upn, x.template) for x in r.letters) == [("ABOVE", "amber"), ("NINETY", "amber")]
    assert "is 90.0% this school year" in text["NINETY"]
    assert "at risk of becoming persistently absent" not in text["NINETY"]
    assert (
        "This is below the 93% attendance we expect, and ForenameNINETY is persistently absent "
        "(missing 10% of school or more)." in text["NINETY"]
    )
    assert "is at risk of becoming persistently absent (missing 10% of school or more)" in text[
        "ABOVE"
    ]
