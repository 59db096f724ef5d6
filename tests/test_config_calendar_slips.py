"""Term dates as an office types them into attcli.toml on its first day, with the usual
slips: each is refused when the config is read, in one line naming the key, the half
terms and their dates, and what would be valid (DOMAIN.md 2 and 10: term dates that do
not fit the school year are never silently used)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from attcli.config import parse_config
from attcli.errors import ConfigError
from clirun import run_cli

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

AUTUMN_1 = "[[calendar.half_terms]]\nname = 'Autumn 1'\nstart = 2026-09-02\nend = 2026-10-23\n"


def _half_term(name: str, start: str, end: str) -> str:
    return f"[[calendar.half_terms]]\nname = '{name}'\nstart = {start}\nend = {end}\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # the end's year typed one too many: Autumn 2 ran over Christmas and the next
        # school year's autumn, taken without a word (its line read "02/11 to 18/12")
        (
            AUTUMN_1 + _half_term("Autumn 2", "2026-11-02", "2027-12-18"),
            "config key 'calendar.half_terms[1]': 'Autumn 2' runs from 02/11/2026 to "
            "18/12/2027, across 1 September 2027: a half term lies in one school year (1 "
            "September to 31 August); check the year of its dates",
        ),
        # the start's year left at last year's: a half term of over a year
        (
            _half_term("Autumn 1", "2025-09-02", "2026-10-23"),
            "config key 'calendar.half_terms[0]': 'Autumn 1' runs from 02/09/2025 to "
            "23/10/2026, across 1 September 2026: a half term lies in one school year",
        ),
        # the last day of a school year is still that year's; its next day is the next's
        (
            _half_term("Summer 2", "2027-06-07", "2027-09-01"),
            "config key 'calendar.half_terms[0]': 'Summer 2' runs from 07/06/2027 to "
            "01/09/2027, across 1 September 2027",
        ),
        # overlapping half terms: the message gives both half terms' dates, so the
        # mistyped one can be seen (it said only "'Autumn 2' and 'Autumn 1' overlap")
        (
            _half_term("Autumn 1", "2026-09-02", "2026-11-06")
            + _half_term("Autumn 2", "2026-11-02", "2026-12-18"),
            "config key 'calendar.half_terms': 'Autumn 1' (02/09/2026 to 06/11/2026) and "
            "'Autumn 2' (02/11/2026 to 18/12/2026) overlap: each half term ends before the "
            "next starts",
        ),
        # the block copied and its name not changed: the check called November's half
        # term "Autumn 1", and letters name the half term they are for
        (
            AUTUMN_1 + _half_term("Autumn 1", "2026-11-02", "2026-12-18"),
            "config key 'calendar.half_terms[1].name': two half terms of 2026/27 are named "
            "'Autumn 1' (from 02/09/2026 and from 02/11/2026): give each its own name, "
            "such as Autumn 2",
        ),
        (
            AUTUMN_1 + _half_term(" autumn 1", "2026-11-02", "2026-12-18"),
            "two half terms of 2026/27 are named 'Autumn 1'",
        ),
        # names swapped: September's half term was "Autumn 2" in the check and the letters
        # (sweep calendar)
        (
            _half_term("Autumn 2", "2026-09-02", "2026-10-23")
            + _half_term("Autumn 1", "2026-11-02", "2026-12-18"),
            "config key 'calendar.half_terms': 'Autumn 2' (from 02/09/2026) comes before "
            "'Autumn 1' (from 02/11/2026): a term's half terms are numbered in order; swap "
            "their names or check their dates",
        ),
        # a name whose term its dates are not in: January's half term named "Summer 1"
        # (the letters said Summer 1; the register check took it as the spring term's)
        (
            AUTUMN_1 + _half_term("Summer 1", "2027-01-04", "2027-02-12"),
            "config key 'calendar.half_terms': 'Summer 1' starts 04/01/2027, in January: a "
            "summer half term starts from March to August; check its name or its dates",
        ),
    ],
)
def test_a_slip_in_the_term_dates_is_refused_naming_the_half_terms(text, message):
    with pytest.raises(ConfigError) as exc:
        parse_config("[calendar]\n" + text)
    assert message in str(exc.value)


def test_the_same_half_term_names_in_two_school_years_are_fine():
    c = parse_config(
        "[calendar]\n"
        + _half_term("Summer 2", "2026-06-01", "2026-07-21")
        + AUTUMN_1
        + _half_term("Autumn 2", "2026-11-02", "2026-12-18")
        + _half_term("Summer 2", "2027-06-07", "2027-08-31")
        + _half_term("Autumn 1", "2027-09-01", "2027-10-22")
    )
    assert [(h.name, h.start.isoformat()) for h in c.half_terms] == [
        ("Summer 2", "2026-06-01"),
        ("Autumn 1", "2026-09-02"),
        ("Autumn 2", "2026-11-02"),
        ("Summer 2", "2027-06-07"),
        ("Autumn 1", "2027-09-01"),
    ]


def test_check_refuses_a_half_term_across_the_summer_before_reading_the_register(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    text = (EXAMPLES / "attcli.toml").read_text(encoding="utf-8")
    assert "end = 2026-12-18" in text
    (ws / "attcli.toml").write_text(text.replace("end = 2026-12-18", "end = 2027-12-18"))
    export = tmp_path / "export.csv"
    shutil.copy(EXAMPLES / "exports" / "arbor_autumn_2026.csv", export)
    code, out, err = run_cli("--workspace", ws, "check", export)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and err.startswith(f"error: {ws / 'attcli.toml'}: ")
    assert "'calendar.half_terms[1]': 'Autumn 2' runs from 02/11/2026 to 18/12/2027" in err


@pytest.mark.parametrize(
    ("line", "message"),
    [
        # the date written as on a letter, unquoted: TOML's own words named neither the
        # key nor what to write ("config key '(syntax)': not valid TOML: Expected newline
        # or end of document after a statement (at line 4, column 10)")
        (
            "start = 07/09/2026",
            "config key 'calendar.half_terms[0].start': line 4, 07/09/2026 is not a date "
            "attcli.toml can hold: write it YYYY-MM-DD, unquoted: start = 2026-09-07",
        ),
        (
            "start = 2026-09-7",
            "config key 'calendar.half_terms[0].start': line 4, 2026-09-7 is not a date "
            "attcli.toml can hold: write it YYYY-MM-DD, unquoted: start = 2026-09-07",
        ),
        # a day that no month has: said, not turned into another date
        (
            "start = 2026-09-31",
            "config key 'calendar.half_terms[0].start': line 4, 2026-09-31 is not a date "
            "(September has 30 days): write it YYYY-MM-DD, unquoted",
        ),
    ],
)
def test_a_date_toml_cannot_read_names_its_key_and_how_to_write_it(line, message):
    text = (
        "[calendar]\n[[calendar.half_terms]]\nname = 'Autumn 1'\n"
        f"{line}\nend = 2026-10-23\n"
    )
    with pytest.raises(ConfigError) as exc:
        parse_config(text)
    assert message in str(exc.value)


def test_an_inset_day_written_dd_mm_yyyy_in_the_list_is_named():
    with pytest.raises(ConfigError) as exc:
        parse_config("[calendar]\ninset_days = [2026-09-02, 02/11/2026]\n")
    assert (
        "config key 'calendar.inset_days': line 2, 02/11/2026 is not a date attcli.toml "
        "can hold: write it YYYY-MM-DD, unquoted: 2026-11-02"
    ) in str(exc.value)


def test_other_toml_mistakes_keep_toml_s_words_and_the_line():
    with pytest.raises(ConfigError) as exc:
        parse_config("[school\nname='x'")
    assert "config key '(syntax)': not valid TOML" in str(exc.value)


def test_a_summer_half_term_from_late_march_is_the_summer_term_s():
    """Easter on 23 March (2008): the summer term began on Mon 31 March.  Its half term is
    named Summer 1 and is the summer term's (the register check's --term summer), not the
    spring's by the month it starts in (sweep calendar)."""
    c = parse_config(
        "[calendar]\n"
        + _half_term("Spring 2", "2008-02-25", "2008-03-14")
        + _half_term("Summer 1", "2008-03-31", "2008-05-23")
    )
    assert [h.term for h in c.half_terms] == ["spring", "summer"]
