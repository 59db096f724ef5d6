"""Slips in attcli.toml that earlier reviews wrote down and attcli took without a word:
an INSET day on a weekend or in the middle of a holiday, a key written under the wrong
table header, and `[cme] codes` holding codes DOMAIN.md 6 says break a run. Each is
refused when the config is read, in one line naming the key, the value and what would
be valid."""

from __future__ import annotations

import datetime as dt

import pytest

from attcli.config import parse_config
from attcli.errors import ConfigError

# the half terms as a school writes pupils' days (INSET days outside them, next to them)
TERMS = (
    "[[calendar.half_terms]]\nname = 'Autumn 1'\nstart = 2026-09-03\nend = 2026-10-23\n"
    "[[calendar.half_terms]]\nname = 'Autumn 2'\nstart = 2026-11-02\nend = 2026-12-18\n"
    "[[calendar.half_terms]]\nname = 'Spring 1'\nstart = 2027-01-05\nend = 2027-02-12\n"
)


def _inset(*days: str) -> str:
    return f"[calendar]\ninset_days = [{', '.join(days)}]\n" + TERMS


@pytest.mark.parametrize(
    ("days", "message"),
    [
        # Sat 5 Sep for Fri 4 Sep: the real INSET day went unlisted, and nothing said so
        (
            ("2026-09-02", "2026-09-05"),
            "config key 'calendar.inset_days[1]': 05/09/2026 is a Saturday: an INSET day "
            "is a weekday the school is closed to pupils; check the date",
        ),
        (("2027-01-03",), "config key 'calendar.inset_days[0]': 03/01/2027 is a Sunday"),
        # Wed 28 Oct in the half-term week, two weekdays from either half term: a slip for
        # Mon 2 Nov (or Fri 23 Oct); an INSET day in a holiday is no day at all
        (
            ("2026-10-28",),
            "config key 'calendar.inset_days[0]': 28/10/2026 is in the holiday between "
            "'Autumn 1' (to 23/10/2026) and 'Autumn 2' (from 02/11/2026), with school "
            "weekdays between it and both: an INSET day lies in a half term, or next to "
            "one (before pupils' first day or after their last); check the date",
        ),
        # Christmas: Mon 4 Jan is next to Spring 1 (Tue 5 Jan), and so would be Thu 31
        # Dec (Fri 1 Jan a bank holiday, 4 Jan an INSET day); Wed 30 Dec is not
        (
            ("2027-01-04", "2026-12-30"),
            "config key 'calendar.inset_days[1]': 30/12/2026 is in the holiday between "
            "'Autumn 2' (to 18/12/2026) and 'Spring 1' (from 05/01/2027)",
        ),
    ],
)
def test_an_inset_day_on_a_weekend_or_inside_a_holiday_is_refused(days, message):
    with pytest.raises(ConfigError) as exc:
        parse_config(_inset(*days))
    assert message in str(exc.value)


def test_inset_days_next_to_a_half_term_or_outside_the_term_dates_are_taken():
    """INSET days before pupils' first day (Tue 1 and Wed 2 Sep before Thu 3 Sep), after
    their last (Mon 26 Oct after Fri 23 Oct; Mon 21 Dec after Fri 18 Dec), before a half
    term across a weekend (Fri 30 Oct before Mon 2 Nov) and across a bank holiday (Mon 4
    Jan 2027, with Fri 1 Jan New Year's Day, before Tue 5 Jan), and in a school year the
    term dates do not give (no half term after them to be in a holiday of)."""
    days = ("2026-09-01", "2026-09-02", "2026-10-26", "2026-10-30", "2026-12-21",
            "2027-01-04", "2027-04-12", "2026-06-01")  # fmt: skip
    c = parse_config(_inset(*days))
    assert c.inset_days == tuple(dt.date.fromisoformat(d) for d in days)
    # without term dates only the weekend is judged
    assert parse_config("[calendar]\ninset_days = [2026-10-28]\n").inset_days == (
        dt.date(2026, 10, 28),
    )
    with pytest.raises(ConfigError, match=r"06/09/2026 is a Sunday"):
        parse_config("[calendar]\ninset_days = [2026-09-06]\n")


def test_a_trust_school_s_own_inset_days_are_judged_by_its_own_half_terms():
    text = "[schools.b]\nname = 'B'\nfiles = ['b-*.csv']\ninset_days = [2026-10-28]\n" + (
        TERMS.replace("calendar.half_terms", "schools.b.half_terms")
    )
    with pytest.raises(ConfigError) as exc:
        parse_config(text)
    assert "config key 'schools.b.inset_days[0]': 28/10/2026 is in the holiday" in str(exc.value)
    with pytest.raises(ConfigError, match=r"'schools.b.inset_days\[0\]': 07/11/2026 is a Sat"):
        parse_config("[schools.b]\nname = 'B'\nfiles = ['b-*.csv']\ninset_days = [2026-11-07]\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # the [calendar] line deleted: the key fell under the table above it
        (
            "[sessions]\npm_from = '12:00'\ninset_days = [2026-09-02]\n",
            "config key 'sessions.inset_days': inset_days belongs under [calendar], not "
            "[sessions]: put it below a [calendar] header",
        ),
        (
            "[school]\nname = 'Riverside'\ninset_days = [2026-09-02]\n",
            "config key 'school.inset_days': inset_days belongs under [calendar], not [school]",
        ),
        # at the top of the file, above every header
        (
            "inset_days = [2026-09-02]\n[school]\nname = 'Riverside'\n",
            "config key 'inset_days': inset_days belongs under [calendar]: put it below a "
            "[calendar] header",
        ),
        # written after the half terms: TOML puts it in the last [[calendar.half_terms]]
        (
            "[calendar]\n" + TERMS + "inset_days = [2026-09-02]\n",
            "config key 'calendar.half_terms[2].inset_days': inset_days belongs under "
            "[calendar], not in a [[calendar.half_terms]] block: put it straight below the "
            "[calendar] header, above the first [[calendar.half_terms]]",
        ),
        # a key of several sections names them all
        (
            "[thresholds]\nmin_possible_sessions = 10\ndays = 10\n",
            "config key 'thresholds.days': days belongs under [cme] or [sickness], not "
            "[thresholds]",
        ),
    ],
)
def test_a_key_under_the_wrong_header_says_where_it_belongs(text, message):
    with pytest.raises(ConfigError) as exc:
        parse_config(text)
    assert message in str(exc.value)


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        # M and C counted a pupil the school knew was at a medical appointment, or whose
        # absence it authorised, as missing education: DOMAIN.md 6 says they break a run
        (
            "['N', 'O', 'G', 'C', 'M']",
            "config key 'cme.codes': 'C', 'M' are not codes of unexplained absence "
            "(authorised, authorised): a day with an attended, authorised or U session "
            "breaks a run; [cme] codes takes N, O and G",
        ),
        # U: late after the register closed, so seen in school that day
        (
            "['N', 'U']",
            "config key 'cme.codes': 'U' is not a code of unexplained absence (unauthorised, "
            "but the pupil was on site)",
        ),
        (
            "['N', '/']",
            "config key 'cme.codes': '/' is not a code of unexplained absence (present)",
        ),
    ],
)
def test_cme_codes_take_only_unexplained_absence(codes, message):
    with pytest.raises(ConfigError) as exc:
        parse_config(f"[cme]\ncodes = {codes}\n")
    assert message in str(exc.value)
    with pytest.raises(ConfigError, match=r"'schools.b.cme.codes': .* not (a code|codes) of"):
        parse_config(f"[schools.b]\nname = 'B'\nfiles = ['b.csv']\n[schools.b.cme]\ncodes = {codes}\n")
    assert parse_config("[cme]\ncodes = ['N', 'G']\n").cme_codes == ("N", "G")


def test_a_key_of_a_section_with_its_own_reader_is_named_there_too():
    # threshold is the register check's too: the message must not send it to [lateness] only
    with pytest.raises(ConfigError) as exc:
        parse_config("[thresholds]\nthreshold = 90\n")
    assert "threshold belongs under [lateness] or [register_check], not [thresholds]" in str(
        exc.value
    )
    with pytest.raises(ConfigError, match=r"'praise' belongs|praise belongs under \[letters\]"):
        parse_config("praise = true\n[school]\nname = 'x'\n")
    # a key attcli reads nowhere stays the plain unknown key
    with pytest.raises(ConfigError, match=r"unknown key; \[lateness\] takes: codes, threshold"):
        parse_config("[lateness]\nthreshhold = 4\n")
