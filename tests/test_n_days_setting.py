"""How long a school allows to replace an N with its reason is its own setting.

DOMAIN.md 12 gives 5 school days (seed 000: "no later than 5 working days after the
session"); seed 004 asks N codes to be "rectified the same working day".  DOMAIN.md's
opening: where a school's policy differs from a default, the difference is a setting in
the school's config, never a code change.  ``[thresholds] n_within_days`` (default 5).
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from attcli.config import parse_config
from attcli.engine import evaluate
from attcli.errors import ConfigError
from attcli.quality import counts_text, problems_line, summary_lines
from builders import register

D = dt.date


def _config(days: int | None) -> object:
    return parse_config("" if days is None else f"[thresholds]\nn_within_days = {days}\n")


def _stale(days: int | None, as_of: dt.date) -> list[tuple[dt.date, str]]:
    # Mon 7 - Mon 21 Sep 2026 (11 school days).  N on Mon 7 AM and Fri 11 PM.
    reg = register({"A": "N\\ " + "/\\ " * 3 + "/N " + "/\\ " * 6})
    dq = evaluate(reg, _config(days), as_of=as_of).data_quality
    return dq.filter(pl.col("kind") == "stale_n").select("date", "detail").rows()


def test_the_default_is_five_school_days():
    # as of Fri 18 Sep: 7 Sep's N is 9 school days old (stale), 11 Sep's exactly 5 (not)
    assert _stale(None, D(2026, 9, 18)) == [(D(2026, 9, 7), "N, 9 school days old")]
    assert _stale(5, D(2026, 9, 18)) == [(D(2026, 9, 7), "N, 9 school days old")]


def test_a_same_day_school_counts_an_n_stale_the_next_school_day():
    # n_within_days = 0 (seed 004): an N is stale once a school day has passed since it.
    # As of Fri 11 Sep, 11 Sep's N is 0 days old (not stale), 7 Sep's 4 (stale).
    assert _stale(0, D(2026, 9, 11)) == [(D(2026, 9, 7), "N, 4 school days old")]
    # As of Mon 14 Sep 11 Sep's N is 1 school day old: stale.
    assert _stale(0, D(2026, 9, 14)) == [
        (D(2026, 9, 7), "N, 5 school days old"),
        (D(2026, 9, 11), "N, 1 school days old"),
    ]


def test_the_boundary_is_the_setting_itself():
    # n_within_days = 4: as of Thu 17 Sep, 11 Sep's N is 4 school days old (allowed);
    # as of Fri 18 Sep, 5 (stale).  7 Sep's is stale at both.
    assert _stale(4, D(2026, 9, 17)) == [(D(2026, 9, 7), "N, 8 school days old")]
    assert _stale(4, D(2026, 9, 18)) == [
        (D(2026, 9, 7), "N, 9 school days old"),
        (D(2026, 9, 11), "N, 5 school days old"),
    ]


def test_the_texts_name_the_school_s_own_days():
    reg = register({"A": "N\\ " + "/\\ " * 3 + "/N " + "/\\ " * 6})
    dq = evaluate(reg, _config(0), as_of=D(2026, 9, 14)).data_quality
    assert counts_text(dq, n_days=0) == "2 N codes not replaced the same day"
    # (the words of the default are as before)
    assert counts_text(dq) == "2 N codes older than 5 school days"
    line = problems_line(dq, "in the term", "counted", n_days=0)
    assert line is not None and "2 N codes not replaced the same day" in line
    [(title, n, _)] = summary_lines(dq, n_days=0)
    assert (title, n) == ("N codes not replaced the same day (replace with the reason)", 2)


@pytest.mark.parametrize("value", ["-1", '"5"', "true", "2.5"])
def test_a_value_that_is_no_number_of_days_is_refused(value):
    with pytest.raises(ConfigError, match=r"thresholds\.n_within_days"):
        parse_config(f"[thresholds]\nn_within_days = {value}\n")


def test_the_check_and_the_letters_say_the_school_s_own_days(tmp_path):
    # A: N on Mon 7 Sep AM, present otherwise, to Mon 14 Sep 2026 (6 school days).  As of
    # Mon 14 Sep the N is 5 school days old: not stale by the default, stale for a school
    # that asks the same day (0), and the check's list and its CSV note say "not replaced the same day".
    from builders import register
    from clirun import run_cli

    reg = register({"A": "N\\ " + "/\\ " * 5, "B": "/\\ " * 6})
    lines = ["UPN,Legal Surname,Legal Forename,Year,Date,Session,Mark"]
    for r in reg.iter_rows(named=True):
        lines.append(
            f"{r['upn']},{r['surname']},{r['forename']},Year {r['year_group']},"
            f"{r['date']:%d/%m/%Y},{r['session']},{r['raw_mark']}"
        )
    export = tmp_path / "register.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for days, stale in ((5, False), (0, True)):
        config = tmp_path / f"attcli{days}.toml"
        config.write_text(f"[thresholds]\nn_within_days = {days}\n", encoding="utf-8")
        code, out, err = run_cli("check", export, "-c", config, "--as-of", "2026-09-14")
        assert code == 0, err
        said = "N codes not replaced the same day (replace with the reason): 1" in out
        assert said is stale, out
        assert ("older than 5 school days" in out) is False
        code, out, err = run_cli(
            "check", export, "-c", config, "--as-of", "2026-09-14", "-f", "csv"
        )
        assert code == 0, err
        assert ("1 N code not replaced the same day" in err) is stale, err


def test_seed_004_s_preset_asks_the_same_day_and_seed_003_s_keeps_five():
    # `attcli init --ladder seed004` writes n_within_days = 0 with the policy's words
    # (N codes "rectified the same working day"); seed 003's policy names no deadline.
    # As of Mon 14 Sep, an N of Fri 11 Sep (1 school day old) is stale for seed 004 only.
    from attcli.config import init_text
    from school import DETAILS

    reg = register({"A": "/\\ " * 4 + "/N " + "/\\ "})
    text = init_text(DETAILS, ladder="seed004")
    assert "rectified the same working day" in text
    for ladder, stale in (("seed004", 1), ("seed003", 0)):
        cfg = parse_config(init_text(DETAILS, ladder=ladder))
        dq = evaluate(reg, cfg, as_of=D(2026, 9, 14)).data_quality
        assert dq.filter(pl.col("kind") == "stale_n").height == stale, ladder


def test_a_stale_n_is_worded_by_the_school_s_days_one_and_none_included():
    """0 (seed 004, the same working day) is not "older than 0 school days", nor 1 "older
    than 1 school days": every text of stale or fresh N words them so (quality.stale_words,
    absence's hold reasons)."""
    from attcli.absence import fresh_n_text, n_marks_text
    from attcli.quality import stale_words

    assert [stale_words(d) for d in (0, 1, 2, 5)] == [
        "not replaced the same day", "older than 1 school day", "older than 2 school days",
        "older than 5 school days",
    ]  # fmt: skip
    assert fresh_n_text(1, n_days=1) == "1 N mark still within the 1 school day allowed to resolve it"
    assert fresh_n_text(2, n_days=0) == (
        "2 N marks still within the day the school allows to resolve them"
    )
    assert n_marks_text(3, 3, "band red", n_days=0) == (
        "3 N marks older than the day the school allows to resolve them: band red rests on "
        "them; find their reasons and correct them in the MIS first"
    )
    assert "0 school day" not in n_marks_text(3, 1, "band red", n_days=0)
