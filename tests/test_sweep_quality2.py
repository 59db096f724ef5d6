"""Second sweep of the data-quality list (DOMAIN.md 1's "not on roll versus no mark" and
DOMAIN.md 12's second bullet) across check, the summary file and the trust report.

Registers made by hand; the expected items counted by hand in each test."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

from builders import register_rows, school_days
from clirun import run_cli
from test_real_registers import workspace_with_terms, write_long

D = dt.date
#: Thu 3 Sep - Fri 13 Nov 2026 by the term dates of workspace_with_terms: Autumn 1 to Fri
#: 23 Oct (37 school days), the half term, Mon 2 Nov an INSET day, then 9 school days.
HOLIDAY = {D(2026, 11, 2), *(D(2026, 10, 26) + dt.timedelta(i) for i in range(5))}
DAYS = school_days(D(2026, 9, 3), 46, HOLIDAY)
assert DAYS[-1] == D(2026, 11, 13)


def _text(path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text("utf-8"))).split())


def test_a_session_with_no_register_is_counted_in_the_summary_s_sessions_with_no_mark(tmp_path):
    # 20 pupils present every session but: nobody has a row for Wed 14 Oct PM (the AM
    # register taken: a session with no register, a missing mark of each of the 20 on
    # roll), and P01 '-' on Wed 7 Oct AM.  Sessions with no mark recorded, left out of
    # possible: 20 + 1 = 21 (docs/trust.md: totals.missing_marks).  The summary said 1,
    # and the trust report "1 session with no mark": 20 of them hidden from the trust.
    ws = tmp_path / "ws"
    workspace_with_terms(ws)
    rows = [
        {"upn": f"P{i:02d}", "date": d, "session": s,
         "mark": "-" if (i == 1 and d == D(2026, 10, 7) and s == "AM") else "/"}
        for i in range(20)
        for d in DAYS
        for s in ("AM", "PM")
        if not (d == D(2026, 10, 14) and s == "PM")
    ]  # fmt: skip
    export = write_long(tmp_path / "reg.csv", register_rows(rows))
    code, out, err = run_cli("check", export, "--workspace", ws, "-f", "json")
    assert code == 0, err
    kinds = [(q["kind"], q["date"], q["session"]) for q in json.loads(out)["data_quality"]]
    assert kinds == [("missing_mark", "2026-10-07", "AM"), ("missing_session", "2026-10-14", "PM")]
    summary = tmp_path / "s.json"
    code, _, err = run_cli("summary", export, "--workspace", ws, "-o", summary)
    assert code == 0, err
    totals = json.loads(summary.read_text("utf-8"))["totals"]
    # 20 pupils x 46 days x 2 - 20 - 1 = 1,819 possible, as before
    assert (totals["possible"], totals["missing_marks"]) == (1819, 21)
    code, _, err = run_cli("report", "--trust", summary, "-o", tmp_path / "t.html")
    assert code == 0, err
    assert "21 sessions with no mark (left out of possible sessions)" in _text(tmp_path / "t.html")
