"""Sweep "policies" (4 December): the five real school policies (DOMAIN.md, seeds 000 to
004), each number and rule as attcli applies it, checked on small registers worked out by
hand at each edge."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attcli
from attcli.config import parse_config
from attcli.letters import run_letters
from builders import register
from test_letters import CONFIG, FONTS, contacts_for, html_text

LADDERS = Path(attcli.__file__).parent / "templates" / "ladders"


def test_an_amber_letter_exactly_on_an_above_line_does_not_say_below_it(tmp_path) -> None:
    """Seed 004's bands (`attcli init --ladder seed004`): green is *above* 93 % ("falls to
    93%" sends the letter), so a pupil at exactly 93.0 % is amber and gets the letter.  It
    said "ForeA's attendance is 93.0% ... This is below the 93% attendance we expect":
    93.0 % is not below 93 %.  50 school days from Mon 7 Sep 2026 (100 sessions):

    - EXACT: absent (R) 7 sessions, 93/100 = 93.0 %: amber, on the line: "not above the 93%
      attendance we expect".
    - BELOW: absent 8 sessions, 92/100 = 92.0 %: amber, below the line: "below the 93%
      attendance we expect", as before.
    - ABOVE: absent 6 sessions, 94/100 = 94.0 %: green, no letter."""
    bands = (LADDERS / "seed004-bands.toml").read_text(encoding="utf-8")
    days = ["/"] * 50

    def absent(n: int) -> str:
        marks = list(days)
        for i in range(n):  # one session a week, on the mornings of Mondays
            marks[5 * i] = "R/"
        return " ".join(marks)

    reg = register({"EXACT": absent(7), "BELOW": absent(8), "ABOVE": absent(6)})
    cfg = parse_config(CONFIG.format(history=tmp_path / "h.sqlite3", fonts=FONTS, extra="") + bands)
    r = run_letters(
        [], cfg, register=reg, contacts=contacts_for(["ABOVE", "BELOW", "EXACT"], tmp_path),
        out_dir=tmp_path / "o", letter_date=dt.date(2026, 11, 13),
    )  # fmt: skip
    assert sorted((x.upn, x.template) for x in r.letters) == [("BELOW", "amber"), ("EXACT", "amber")]
    text = {x.upn: html_text(tmp_path / "o" / x.html_file) for x in r.letters}
    assert "is 93.0% this school year" in text["EXACT"]
    assert "below the 93%" not in text["EXACT"]
    assert "This is not above the 93% attendance we expect" in text["EXACT"]
    assert "is 92.0% this school year" in text["BELOW"]
    assert "This is below the 93% attendance we expect" in text["BELOW"]
