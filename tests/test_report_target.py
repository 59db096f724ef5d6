"""The school's attendance target in the report (issue 18, part 5): where the school
stands, and what the rest of the year needs.  Figures worked by hand below."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from attcli.config import parse_config
from attcli.errors import ConfigError
from attcli.report.build import TargetProgress
from attcli.report_settings import settings_from
from clirun import run_cli

ROOT = Path(__file__).resolve().parents[1]


def progress(attended, possible, left, pupils, target=96) -> TargetProgress:
    return TargetProgress(Fraction(target), attended, possible, left, pupils, None)


def example_report(tmp_path: Path, *extra: str) -> str:
    """The Arbor example's report with a target of 96 %, its text on one line."""
    cfg = (ROOT / "examples" / "attcli.toml").read_text(encoding="utf-8")
    (tmp_path / "attcli.toml").write_text(cfg + "\n[report]\ntarget = 96\n", encoding="utf-8")
    out = tmp_path / "r.html"
    code, _, err = run_cli(
        "report", ROOT / "examples" / "exports" / "arbor_autumn_2026.csv", "-c",
        tmp_path / "attcli.toml", "-o", out, *extra,
    )  # fmt: skip
    assert code == 0, err
    return " ".join(out.read_text(encoding="utf-8").split())


def test_what_the_rest_of_the_year_needs():
    # 900 of 1,000 (90 %), 100 pupils x 20 sessions left = 2,000: to end at 96 % of 3,000,
    # 2,880 must be attended, 1,980 of the 2,000 left: 99 % exactly
    t = progress(900, 1000, 20, 100)
    assert t.remaining == 2000 and t.needed == Fraction(99, 100)
    assert not t.met_now
    # 15 left each: 1,500 left, 96 % of 2,500 = 2,400, less 900 = 1,500: all of them
    assert progress(900, 1000, 15, 100).needed == 1
    # unreachable: 1,000 left; 96 % of 2,000 = 1,920, less 900 = 1,020 of 1,000; every one
    # attended gives 1,900 of 2,000 = 95 %
    t = progress(900, 1000, 10, 100)
    assert t.needed == Fraction(1020, 1000) and t.best_possible == Fraction(95)
    # already above and nothing left: met, nothing needed
    t = progress(970, 1000, 0, 100)
    assert t.met_now and t.needed is None
    # above the target with sessions left: needs at least 96 % x total - attended
    t = progress(980, 1000, 10, 10)  # 100 left: 0.96 x 1,100 = 1,056 - 980 = 76 of 100
    assert t.needed == Fraction(76, 100)


def test_the_report_says_it_and_rounds_the_need_up(tmp_path):
    html = example_report(tmp_path)
    # 26,921 of 28,680; 238 sessions left (380 less 2 x 71 school days, estimated: the
    # term dates stop in February) for 202 pupils on roll = 48,076; 96 % of 76,756 =
    # 73,685.76, less 26,921 = 46,764.76 of 48,076 = 97.27...%: at least 97.3 %
    assert (
        "Target for the year: 96.0 %. Now 93.9 % (26,921 of 28,680). To end the year at "
        "96.0 %, attendance over the 48,076 sessions left (238 school sessions for each of "
        "202 pupils on roll; estimated: term dates given only to 12/02/2027, the year taken "
        "as the statutory 380 sessions) "
        "needs to be at least 97.3 %."
    ) in html


def test_a_bad_target_names_the_key():
    with pytest.raises(ConfigError, match=r"report\.target.*between 0 and 100"):
        settings_from(parse_config("[report]\ntarget = 120\n"))
    assert settings_from(parse_config("[report]\ntarget = 96\n")).target == Fraction(96)


def test_sessions_left_not_known_says_so_and_asks_nothing_of_the_rest_of_the_year():
    """A register from January with no term dates reaching July: the sessions left this
    year are not known (the estimate needs the year's sessions from September,
    tests/test_can_miss_words.py), so no need and no "cannot be reached" is worked from a
    guess; where the school stands now is still said."""
    from attcli.report.build import target_text

    t = TargetProgress(Fraction(96), 900, 1000, None, 100, "estimated: ...")
    assert t.remaining is None and t.needed is None and not t.met_now

    class R:
        target = t

    assert target_text(R()) == (  # type: ignore[arg-type]
        "Target for the year: 96.0 %. Now 90.0 % (900 of 1,000). What the rest of the year "
        "needs is not known: the register starts after September and the term dates in "
        "attcli.toml do not reach July, so the sessions left this year cannot be counted."
    )


def test_a_shorter_period_says_the_target_is_the_years_and_works_nothing_from_the_period(
    tmp_path,
):
    """`report --from 2026-11-02` (Autumn 2 of the Arbor example, which starts on Thu 3
    Sep): the figures are the period's, so "Now" would be the period's percentage set
    against the year's target, and what the rest of the year needs would add the year's
    sessions left to the period's counts (figures of neither). The line says the target
    is the year's and the report is not, and works nothing from the period."""
    html = example_report(tmp_path, "--from", "2026-11-02")
    assert (
        "Target for the year: 96.0 %. This report is for the period from 02/11/2026, not "
        "the school year: run it without --from to see the year against the target."
    ) in html
    assert "sessions left" not in html
