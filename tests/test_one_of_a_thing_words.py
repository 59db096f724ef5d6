"""A count of one in the words people read: "1 school day", not "1 school days".

Seen on the bench's year (2,000 pupils): 154 pupils of the sickness group had "longest run
of illness 1 school days" (30 illness sessions or more, no two days running), and `cme
--days 1` listed 343 runs as "1 days, N".

The register (tests/builders.py) runs 30 school days from Mon 7 Sep 2026: SICK ill (I) on
every other day, 15 days (30 sessions, the sickness group's threshold), no two in a row;
GONE absent (N) on the last day alone; ONEU ill 3 days and absent (O) one afternoon.
"""

from __future__ import annotations

from attcli.check import check_register
from attcli.config import parse_config
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

PUPILS = {
    "SICK": " ".join(["I", "/"] * 15),
    "GONE": " ".join(["/"] * 29 + ["N"]),
    "FINE": " ".join(["/"] * 30),
    # ill 3 days (6 authorised sessions), O one afternoon (1 unauthorised): 53 of 60, red
    "ONEU": " ".join(["I", "I", "I", "/O"] + ["/"] * 26),
}


def test_a_longest_run_of_one_day_is_one_school_day():
    checked = check_register(register(PUPILS), parse_config(AUTUMN_HALF_TERMS))
    reason = dict(checked.members("sickness").select("upn", "reason_sickness").rows())
    assert reason == {"SICK": "30 illness sessions this year; longest run of illness 1 school day"}


def test_cme_lists_a_one_day_run_as_one_day(tmp_path):
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = write_long_csv(register(PUPILS), tmp_path / "autumn.csv")
    code, out, err = run_cli("cme", export, "-c", config, "--days", "1", width=200)
    assert code == 0, err
    assert "1 school day " in out and "1 school days" not in out


def test_the_la_return_lists_a_one_day_run_as_one_day(tmp_path):
    """A local authority asking for runs from 1 day ([cme] days = 1): GONE's run of Fri 16
    Oct 2026 is "1 school day" (its code, N, below) in the return's list."""
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    text = config.read_text(encoding="utf-8")
    assert "\ndays = 10    # continuous school days: children missing education" in text
    one = text.replace("\ndays = 10    # continuous", "\ndays = 1    # continuous")
    config.write_text(one, encoding="utf-8")
    export = write_long_csv(register(PUPILS), tmp_path / "autumn.csv")
    code, out, err = run_cli("la-return", export, "--month", "2026-10", "--as-of",
                             "2026-10-16", "-c", config, "--dry-run", width=200)  # fmt: skip
    assert code == 0, err
    assert "│ 1 school day" in out and "1 days" not in out and "1 school days" not in out


def test_one_unauthorised_absence_is_one_absence():
    checked = check_register(register(PUPILS), parse_config(AUTUMN_HALF_TERMS))
    reason = dict(checked.pupils.select("upn", "reason_band").rows())["ONEU"]
    assert reason.startswith("88.3% (53 of 60 sessions); 6 authorised, 1 unauthorised absence;")
