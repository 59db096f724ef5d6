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


def test_the_check_quotes_the_next_notice_in_pn_s_words(tmp_path):
    """`check` said the first notice as "GBP 80 within 21 days, 160 within 28" where `pn
    next` (and `pn list`, the pupil record's notices) say "GBP 80 if paid within 21 days,
    160 within 28", the sentence a parent reads.  A pupil absent (G, unauthorised) on the
    last 10 of 20 school days: 20 unauthorised sessions in the window, the threshold met;
    no notice on record: the first; one recorded to Mrs Jo Surname1 (2025-03-01, within the
    three years before 2 October 2026): the second (GBP 160), as `pn next` says."""
    import json

    from school import contacts_file
    from test_cli import write_export

    upn = "A123456789011"
    export = write_export(tmp_path / "e.csv", {upn: " ".join(["/\\"] * 10 + ["G"] * 10)})
    cfg = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    contacts = contacts_file(tmp_path / "c.csv", [(upn, "501", "Mrs", "Jo", "Surname1")])

    def quoted() -> str:
        code, out, err = run_cli("check", export, "-c", cfg, "-f", "json")
        assert code == 0, err
        return json.loads(out)["pupils"][0]["pn_next_notice"]

    def pn_next() -> str:
        code, out, err = run_cli(
            "pn", "next", upn, "--parent", "Mrs Surname1", "--contacts", contacts,
            "--date", "2026-10-02", "-c", cfg,
        )  # fmt: skip
        assert code == 0, err
        return _flat(out).split(";")[0]  # (then: no date of birth on record, said)

    first = "first (GBP 80 if paid within 21 days, 160 within 28)"
    assert quoted() == f"next notice: {first}, none on record"
    assert pn_next() == first
    code, _, err = run_cli(
        "pn", "record", upn, export, "--parent", "Mrs Surname1", "--contacts", contacts,
        "--date", "2025-03-01", "--force", "-c", cfg,
    )  # fmt: skip
    assert code == 0, err
    assert quoted() == "Mrs Jo Surname1: next notice: second (GBP 160)"
    assert pn_next() == "second (GBP 160)"
