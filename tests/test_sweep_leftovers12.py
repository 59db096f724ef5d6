"""Sweep leftovers12 (docs/decisions.md, "... (sweep of 6 December (second), leftovers12)"):
the estimate's words where some term dates are given, the next penalty notice's wording,
the per-school two-UPN note, hand-typing slips in the calendar section of attcli.toml, the
penalty-notice window count a run records."""

from __future__ import annotations

import re

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace


def _flat(text: str) -> str:
    return " ".join(text.split())


#: the termly school's estimate: Autumn's two half terms given, to Friday 18 December 2026
TERMLY = "estimated: term dates given only to 18/12/2026, the year taken as the statutory 380 sessions"


def test_the_estimate_says_which_term_dates_are_given_and_what_is_taken_for_the_rest(tmp_path):
    """Autumn's two half terms given (7 September to 18 December 2026), nothing after:
    the sessions left are the statutory 380 less those so far, which every command said as
    "(estimated: no term dates to July)", as if none were given.  A pupil of 20 school days
    (7 September to 2 October), absent (O) on the last three: 34 of 40, 85.0 %, red; 380 -
    40 = 340 left; red while (34 + 340 - k) * 100 > 50 * 380 = 19,000, k < 184: "can miss
    183 more sessions this year before severe", then the estimate, in the check's band
    reason, the pupil record and the report's target (96 % of 380 = 364.8, less 34 =
    330.8 of the 340 left: at least 97.3 %).  With no term dates at all, "no term dates
    given for 2026/27"."""
    from attcli.check import check_register
    from attcli.config import parse_config

    reg = register({"A": " ".join(["/"] * 17 + ["O"] * 3)})
    reason = check_register(reg, parse_config(AUTUMN_HALF_TERMS)).pupils["reason_band"][0]
    assert reason.endswith(f"can miss 183 more sessions this year before severe ({TERMLY})"), reason
    reason = check_register(reg, parse_config("")).pupils["reason_band"][0]
    assert reason.endswith(
        "can miss 183 more sessions this year before severe (estimated: no term dates given "
        "for 2026/27, the year taken as the statutory 380 sessions)"
    ), reason

    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    text = config.read_text(encoding="utf-8").replace("[report]\n", "[report]\ntarget = 96\n", 1)
    config.write_text(text, encoding="utf-8")
    export = write_long_csv(reg, tmp_path / "year.csv")
    code, out, err = run_cli("pupil", "A", export, "-c", config, width=80)
    assert code == 0, err
    assert f"before severe ({TERMLY})" in _flat(out), out
    assert "no term dates to July" not in out
    code, out, err = run_cli("report", export, "-c", config, "-o", tmp_path / "r.html")
    assert code == 0, err
    page = _flat(re.sub(r"<[^>]+>", " ", (tmp_path / "r.html").read_text(encoding="utf-8")))
    assert (
        f"the 340 sessions left (340 school sessions for each of 1 pupil on roll; {TERMLY}) "
        "needs to be at least 97.3 %."
    ) in page, page[page.find("Target"):][:400]
