"""The five school policies (/work/shared/policies/) as attcli's seed configs express them
(sweep of 4 December (sixth), policies2).

Seed 003's amber letters go "termly" (its Appendix 2: "RAG Attendance Letters to be sent
home termly about the impact of poor attendance (Upper or Lower Amber as appropriate)";
DOMAIN.md 11: "amber letters each term"), where DOMAIN.md 9's default is a band's letter
each half term.  A band's ``letter_every = "term"`` makes its letter go once a term;
`attcli init --ladder seed003` writes it on the two amber bands.

The school year is 2026/27's: six half terms (Autumn 1 from Monday 7 September 2026 to
Summer 2 ending Friday 16 July 2027), bank holidays not school days.  The letters run a
week before each half term ends, dated their figures' day.  The registers are hand made,
one pattern of marks a pupil, repeated over the school days (i = 0, 1, ...):

- UMA: one session O on day 0, 10, 20, ...: 95.0 % on 16/10, then 94.6 % to 95.0 % at
  each run (worked out in the tests' first lines): upper amber (94 to 95.9 %) all year;
- LEO: one session O on day 0, 6, 12, ...: 91.5 % to 91.7 % at each run: lower amber
  (90 to 93.9 %) all year with seed 003's bands, amber (90 % < attendance < 92 %) with
  the default ones;
- RED: a day O on day 0, 5, 10, ... (80 % or less): red all year.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from attcli.bankholidays import is_bank_holiday
from builders import register_rows, weekdays, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace

D = dt.date
HALF_TERMS = [
    ("Autumn 1", D(2026, 9, 7), D(2026, 10, 23)),
    ("Autumn 2", D(2026, 11, 2), D(2026, 12, 18)),
    ("Spring 1", D(2027, 1, 4), D(2027, 2, 12)),
    ("Spring 2", D(2027, 2, 22), D(2027, 3, 25)),
    ("Summer 1", D(2027, 4, 12), D(2027, 5, 28)),
    ("Summer 2", D(2027, 6, 7), D(2027, 7, 16)),
]
YEAR_TOML = "".join(
    f'\n[[calendar.half_terms]]\nname = "{n}"\nstart = {s}\nend = {e}\n' for n, s, e in HALF_TERMS
)
SCHOOL_DAYS = [d for _, s, e in HALF_TERMS for d in weekdays(s, e) if not is_bank_holiday(d)]
P = "/\\"
Pattern = Callable[[int], str]
UMA: Pattern = lambda i: "/O" if i % 10 == 0 else P  # noqa: E731
LEO: Pattern = lambda i: "/O" if i % 6 == 0 else P  # noqa: E731
RED: Pattern = lambda i: "OO" if i % 5 == 0 else P  # noqa: E731
#: each letters run's figures date: the last school day a week before the half term ends
RUN_DAYS = [max(d for d in SCHOOL_DAYS if d <= e - dt.timedelta(days=7)) for _, _, e in HALF_TERMS]


def year_register(pupils: Mapping[str, Pattern | Mapping[str, Pattern]], upto: dt.date):
    """Every pupil's marks from 7 September 2026 to ``upto``: a pattern for the year, or
    one a half term (by name)."""
    rows = []
    for upn, pattern in pupils.items():
        for i, day in enumerate(d for d in SCHOOL_DAYS if d <= upto):
            if not callable(pattern):
                name = next(n for n, s, e in HALF_TERMS if s <= day <= e)
                token = pattern[name](i)
            else:
                token = pattern(i)
            for session, mark in zip(("AM", "PM"), token, strict=True):
                rows.append({"upn": upn, "date": day, "session": session, "mark": mark})
    return register_rows(rows)


def init_workspace(folder: Path, ladder: str | None) -> Path:
    """`attcli init FOLDER [--ladder LADDER]` with every detail given, then the year's term
    dates."""
    from test_ladder_presets import init_workspace as init_with_ladder

    if ladder is None:
        return make_workspace(folder, YEAR_TOML)
    return init_with_ladder(folder, ladder, YEAR_TOML)


def letters_over_the_year(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pupils: Mapping[str, Pattern | Mapping[str, Pattern]],
    ladder: str | None,
    runs: int = 6,
) -> list[tuple[list[tuple[str, str, str]], str]]:
    """The letters of each half term's run, in order: ((upn, template, stage) of the
    letters sent, sorted; the run's output)."""
    cfg = init_workspace(tmp_path / "ws", ladder)
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [(u, f"C{i}", "Ms", "Ada", f"Surname{u}") for i, u in enumerate(pupils)],
    )
    got = []
    for (name, *_), day in list(zip(HALF_TERMS, RUN_DAYS, strict=True))[:runs]:
        monkeypatch.setenv("ATTCLI_TODAY", day.isoformat())
        export = write_long_csv(year_register(pupils, day), tmp_path / f"reg-{day}.csv")
        out = tmp_path / f"out-{name.replace(' ', '')}"
        code, text, err = run_cli(
            "letters", export, "--contacts", contacts, "-c", cfg, "--as-of", day.isoformat(),
            "--out", out,
        )  # fmt: skip
        assert code == 0, err
        sent = []
        if (out / "manifest.csv").exists():
            with (out / "manifest.csv").open(encoding="utf-8-sig") as f:
                sent = sorted((r["upn"], r["template"], r["stage"]) for r in csv.DictReader(f))
        got.append((sent, text + err))
    return got


def test_seed003_s_amber_letters_go_once_a_term_over_a_school_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # By hand: UMA (95 %) and LEO (91.7 %) are in the same amber band all year, so each
    # gets their band's letter in each term's first run (Autumn 1, Spring 1, Summer 1),
    # letter 1, 2, 3, and none in the second half terms; RED (80 %) gets the red letter
    # every half term (its letter is not termly: "Below 90 %" acts at once, each half
    # term's monitoring period).
    runs = letters_over_the_year(
        tmp_path, monkeypatch, {"UMA": UMA, "LEO": LEO, "RED": RED}, "seed003"
    )
    sent = [s for s, _ in runs]
    assert sent == [
        [("LEO", "lower_amber", "1"), ("RED", "red", "1"), ("UMA", "upper_amber", "1")],
        [("RED", "red", "2")],
        [("LEO", "lower_amber", "2"), ("RED", "red", "3"), ("UMA", "upper_amber", "2")],
        [("RED", "red", "4")],
        [("LEO", "lower_amber", "3"), ("RED", "red", "5"), ("UMA", "upper_amber", "3")],
        [("RED", "red", "6")],
    ]
    # the second half term's run says why no amber letter went, with the term's letter
    autumn2 = runs[1][1]
    assert "upper amber letter of 16/10/2026 (Autumn 1)" in autumn2
    assert "lower amber letter of 16/10/2026 (Autumn 1)" in autumn2
    assert "once a term" in autumn2


def test_the_default_bands_still_send_the_amber_letter_each_half_term(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DOMAIN.md 9: "Each half term ... a letter for each pupil whose band calls for one":
    # LEO, amber all year, gets the amber letter in all six half terms (letter 1 to 6)
    runs = letters_over_the_year(tmp_path, monkeypatch, {"LEO": LEO}, None)
    assert [s for s, _ in runs] == [[("LEO", "amber", str(n))] for n in range(1, 7)]


def test_a_worse_amber_band_in_the_term_s_second_half_gets_its_letter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # By hand (Autumn 1: 35 school days, i = 0..34, 30 of them by 16/10; Autumn 2: 35,
    # i = 35..69, 30 by 11/12; Spring 1 to 05/02: 25, i = 70..94):
    # MIX: Autumn 1 as UMA (16/10: i = 0, 10, 20 O: 57/60 = 95.0 %, upper amber; i = 30
    # too by 11/12), then one session O each 4th day (i = 35, 39, ..., 63: 8): 11/12, 4 + 8
    # of 130 missed, 118/130 = 90.8 %: lower amber, a more serious letter, not the same
    # one twice: it goes in Autumn 2.  Spring 1 present: 12 of 190, 178/190 = 93.7 %,
    # still lower amber: its letter 2.
    # BACK: Autumn 1 as LEO (16/10: i = 0, 6, 12, 18, 24: 55/60 = 91.7 %, lower amber; i =
    # 30 too by 11/12), then one session O (i = 50): 11/12, 6 + 1 of 130, 123/130 = 94.6 %:
    # upper amber, milder than the term's lower amber letter: none this term.  Spring 1 as
    # UMA (i = 70, 80, 90): 05/02, 10 of 190, 180/190 = 94.7 %: upper amber, letter 1.
    upper: Pattern = lambda i: "/O" if i == 50 else P  # noqa: E731
    lower: Pattern = lambda i: "/O" if i % 4 == 3 else P  # noqa: E731
    mix = {"Autumn 1": UMA, "Autumn 2": lower, "Spring 1": lambda i: P}
    back = {"Autumn 1": LEO, "Autumn 2": upper, "Spring 1": UMA}
    runs = letters_over_the_year(tmp_path, monkeypatch, {"MIX": mix, "BACK": back}, "seed003", 3)
    assert [s for s, _ in runs] == [
        [("BACK", "lower_amber", "1"), ("MIX", "upper_amber", "1")],
        [("MIX", "lower_amber", "1")],
        [("BACK", "upper_amber", "1"), ("MIX", "lower_amber", "2")],
    ]
    assert "improved since the lower amber letter of 16/10/2026" in runs[1][1]


def test_the_term_s_letter_under_the_band_s_old_letter_name_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Autumn 1's letter went as "amber" (the band's letter then); the school then names
    # the band's letter "upper_amber" and sends it once a term: UMA (95.0 %, 94.6 % on
    # 11/12, upper amber) had this term's letter, under its old name: none in Autumn 2.
    bands = """
[[bands]]
name = "green"
at_least = 96
[[bands]]
name = "upper_amber"
at_least = 94
letter = "{letter}"
{every}
[[bands]]
name = "lower_amber"
at_least = 90
letter = "lower_amber"
[[bands]]
name = "red"
letter = "red"
"""
    cfg = make_workspace(tmp_path / "ws", YEAR_TOML)
    text = cfg.read_text(encoding="utf-8")
    start = text.index("[[bands]]")
    end = text.index("[thresholds]")
    contacts = contacts_file(tmp_path / "contacts.csv", [("UMA", "C1", "Ms", "Ada", "S")])
    got = []
    for day, letter, every in (
        (RUN_DAYS[0], "amber", ""),
        (RUN_DAYS[1], "upper_amber", 'letter_every = "term"'),
    ):
        cfg.write_text(
            text[:start] + bands.format(letter=letter, every=every) + text[end:], encoding="utf-8"
        )
        monkeypatch.setenv("ATTCLI_TODAY", day.isoformat())
        export = write_long_csv(year_register({"UMA": UMA}, day), tmp_path / f"reg-{day}.csv")
        code, out, err = run_cli(
            "letters", export, "--contacts", contacts, "-c", cfg, "--as-of", day.isoformat(),
            "--out", tmp_path / f"out-{day}",
        )  # fmt: skip
        assert code == 0, err
        got.append(out)
    with (tmp_path / f"out-{RUN_DAYS[0]}" / "manifest.csv").open(encoding="utf-8-sig") as f:
        assert [(r["template"], r["band"]) for r in csv.DictReader(f)] == [("amber", "upper_amber")]
    assert "the amber letter of 16/10/2026 (Autumn 1) is this term's" in got[1]
    assert "0 letters written" in got[1]


BANDS = """
[[bands]]
name = "green"
at_least = 96
{green}
[[bands]]
name = "amber"
at_least = 90
letter = "amber"
{amber}
[[bands]]
name = "red"
letter = "red"
"""


def test_letter_every_is_half_term_by_default_and_term_when_given() -> None:
    from attcli.config import parse_config

    cfg = parse_config(BANDS.format(green="", amber='letter_every = "term"'))
    assert [b.letter_every for b in cfg.bands] == ["half_term", "term", "half_term"]
    cfg = parse_config(BANDS.format(green="", amber='letter_every = "half_term"'))
    assert {b.letter_every for b in cfg.bands} == {"half_term"}


@pytest.mark.parametrize(
    ("green", "amber", "words"),
    [
        ("", 'letter_every = "termly"', 'expected "half_term"'),
        ("", "letter_every = 1", 'expected "half_term"'),
        ('letter_every = "term"', "", "band 'green' has no letter"),
    ],
)
def test_a_letter_every_that_means_nothing_is_refused(green: str, amber: str, words: str) -> None:
    from attcli.config import parse_config
    from attcli.errors import ConfigError

    with pytest.raises(ConfigError) as exc:
        parse_config(BANDS.format(green=green, amber=amber))
    assert "letter_every" in str(exc.value) and words in str(exc.value)


def test_seed004_s_formal_review_waits_while_attendance_is_not_below_90(
    tmp_path: Path,
) -> None:
    # Seed 004, step 9: "If the pupil's attendance is below 90% and attendance does not
    # improve after the attendance review meeting, then ... a formal review meeting".
    # By hand: days 0-9 (7-18 Sep) one session O on days 0, 1, 5, 6: 16 of 20; from day 10
    # one session O each 20 days on days 10, 17, 24 (+20 ...): 37 of 40 every 4 weeks.
    # Fri 16/10 (day 29): 16 + 37 = 53 of 60, 88.3 %: below 90 %, the review meeting due;
    # it is held on Mon 19/10 (day 30).  Its 4 weeks run to Sun 15/11 (19/10 to 23/10 and
    # 02/11 to 13/11, the October holiday between: days 30-44, O on 30, 37, 44: 27/30,
    # 90.0 %), against the same calendar days before it (21/09 to 18/10: days 10-29, O on
    # 10, 17, 24: 37/40, 92.5 %): not 1 point better, nor 95 %: not improved.
    # As of Fri 20/11 (day 49; O on 50 is after): 16 + 37 + 37 of 100 = 90/100 = 90.0 %:
    # not below 90 %, so no formal review (it waits); Mon 23/11 (day 50, one session O):
    # 91/102 = 89.2 %: below 90 %, the formal review due.
    def pattern(i: int) -> str:
        if i < 10:
            return "/O" if i % 5 in (0, 1) else P
        return "/O" if (i - 10) % 20 in (0, 7, 14) else P

    cfg = init_workspace(tmp_path / "ws", "seed004")
    meeting, friday, monday = SCHOOL_DAYS[30], SCHOOL_DAYS[49], SCHOOL_DAYS[50]
    assert (meeting, friday, monday) == (D(2026, 10, 19), D(2026, 11, 20), D(2026, 11, 23))

    def case(day: dt.date) -> dict:
        export = write_long_csv(year_register({"BEA": pattern}, day), tmp_path / f"r-{day}.csv")
        code, out, err = run_cli(
            "cases", export, "-c", cfg, "--as-of", day.isoformat(), "-f", "json"
        )
        assert code == 0, err
        (found,) = json.loads(out)["cases"]
        return found

    assert case(SCHOOL_DAYS[29])["due_stage"] == "review_meeting"
    code, _, err = run_cli(
        "case", "record", "BEA", "--action", "review_meeting", "--date", meeting.isoformat(),
        "-c", cfg,
    )  # fmt: skip
    assert code == 0, err
    at_90 = case(friday)
    assert (at_90["stage"], at_90["status"], at_90["due_stage"]) == (
        "review_meeting", "not_improved", None,
    )  # fmt: skip
    assert at_90["attendance_pct"] == 90.0
    # (and the band's own letter, which `attcli letters` sends BEA in Autumn 2, no letter
    # being on record: sweep leftovers)
    assert at_90["note"] == (
        "attcli letters sends the amber letter this half term; Formal review meeting with the "
        "SLT attendance lead waits for attendance below 90 %"
    )
    below = case(monday)
    assert (below["status"], below["due_stage"]) == ("due", "formal_review")
    assert below["attendance_pct"] == 89.2


def test_while_below_is_read_and_starts_nothing() -> None:
    from attcli.config import parse_config
    from attcli.errors import ConfigError

    ladder = """
[escalation]
[[escalation.stages]]
name = "review"
action = "meeting"
when_below = 90
weeks = 4
[[escalation.stages]]
name = "formal"
action = "meeting"
after = "review"
{extra}
"""
    stage = parse_config(ladder.format(extra="while_below = 90")).escalation.stage("formal")
    assert stage.while_below == 90 and not stage.has_condition
    with pytest.raises(ConfigError) as exc:
        parse_config(ladder.format(extra='while_below = "ninety"'))
    assert "while_below" in str(exc.value)
