"""The penalty-notice window and the LA's file at the edges of a year (sweep rules3): each
answer worked by hand from DOMAIN.md (docs/decisions.md, "... (sweep of 6 December
(seventh), rules3)").

The register: the school year opens on Thu 3 Sep 2026 (Mon 31 Aug is the summer bank
holiday, Tue 1 and Wed 2 Sep the holiday: no rows), Mon 7 Sep is an INSET day (`#` for
everyone), the October half term 26-30 Oct has no rows.  School weeks by their Mondays:
31 Aug (1: Thu-Fri), 7 Sep (2: Tue-Fri), 14 (3), 21 (4), 28 (5), 5 Oct (6), 12 (7),
19 (8), 2 Nov (9), 9 Nov (10), 16 Nov (11).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from attcli.config import Config
from attcli.engine import evaluate
from builders import register, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace

D = dt.date
P = "/\\ "
HALF_TERM = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
TERMS = """
[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-03
end = 2026-10-23

[[calendar.half_terms]]
name = "Autumn 2"
start = 2026-11-02
end = 2026-12-18
"""
#: A: `O` all Thu 3 and Fri 4 Sep (4 sessions) and Mon-Wed 9-11 Nov (6): 10 in the 10
#: school weeks to Fri 13 Nov, first met Wed 11 Nov; OK present throughout
A = "O O # " + P * 4 + P * 5 * 6 + P * 5 + "O O O " + P * 2 + P * 5
OK = P * 2 + "# " + P * 4 + P * 5 * 6 + P * 5 + P * 5 + P * 5


def _register():
    return register({"A": A, "OK": OK}, start=D(2026, 9, 3), holidays=HALF_TERM)


def _window(ev) -> dict[str, tuple]:  # noqa: ANN001
    cols = ("pn_window_start", "pn_window_end", "pn_window_sessions", "pn_first_met")
    return {r[0]: r[1:] for r in ev.pupils.select("upn", *cols).rows()}


def test_a_window_reaching_the_years_first_week_starts_on_its_first_school_day():
    """DOMAIN.md 5: the window is 10 school weeks, a school week any week with a session;
    DOMAIN.md 6: a school day is a weekday the school had a session.  As of Fri 13 Nov the
    10 school weeks are weeks 1-10: the first holds Thu 3 and Fri 4 Sep only, so the window
    is 03/09/2026 to 13/11/2026, not 31/08/2026 (the bank holiday Monday of the summer
    holiday, before the school year's first day).  As of Mon 16 Nov they are weeks 2-11:
    week 2's Monday is the INSET day, so 08/09/2026; A's count 6 (the September 4 left).
    With term dates or without, the same."""
    for config in (Config(), None):
        if config is None:
            from attcli.config import parse_config

            config = parse_config(TERMS)
        met = _window(evaluate(_register(), config, as_of=D(2026, 11, 13)))
        assert met["A"] == (D(2026, 9, 3), D(2026, 11, 13), 10, D(2026, 11, 11))
        moved = _window(evaluate(_register(), config, as_of=D(2026, 11, 16)))
        assert moved["A"] == (D(2026, 9, 8), D(2026, 11, 16), 6, D(2026, 11, 11))


def test_the_check_and_the_evidence_pack_quote_the_same_first_day(
    tmp_path: Path,
) -> None:
    """The three render the engine's window: "10 unauthorised sessions in the 10 school
    weeks 03/09/2026 to 13/11/2026" in the check and the pack (JSON start 2026-09-03), the
    dates the pack's marks are listed between (A's 10)."""
    export = write_long_csv(_register(), tmp_path / "export.csv", dob=True)
    config = make_workspace(tmp_path / "ws", TERMS)
    contacts = contacts_file(tmp_path / "c.csv", [("A", "C1", "Mrs", "Ann", "Able")])
    code, out, err = run_cli("check", export, "--as-of", "2026-11-13", "-c", config, width=400)
    assert code == 0, err
    assert "10 unauthorised sessions in the 10 school weeks 03/09/2026 to 13/11/2026" in out
    assert "31/08/2026" not in out
    pack = tmp_path / "a.json"
    code, _, err = run_cli("evidence", "A", export, "--for", "penalty-notice", "--contacts",
                           contacts, "--as-of", "2026-11-13", "-c", config, "-f", "json",
                           "-o", pack)  # fmt: skip
    assert code == 0, err
    assert "03/09/2026 to 13/11/2026" in err
    window = json.loads(pack.read_text("utf-8"))["window"]
    assert (window["start"], window["end"], len(window["unauthorised_sessions"])) == (
        "2026-09-03", "2026-11-13", 10,
    )
