"""What this morning's sweeps left (sweep of 5 December (third), leftovers4), each worked
by hand from DOMAIN.md and the policies.

The registers (tests/builders.py) run from Mon 7 Sep 2026, school days only:
  week 1: 7-11 Sep   week 2: 14-18   week 3: 21-25   week 4: 28 Sep-2 Oct   week 5: 5-9 Oct
"""

from __future__ import annotations

import json

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

P = "/\\ "


def test_an_n_before_a_week_no_export_holds_is_as_old_in_the_pn_reason_as_in_the_list(
    tmp_path,
):
    # DOMAIN.md 12: an N older than 5 school days is stale.  A: N every session of week 2
    # (14-18 Sep, 10 N: the penalty-notice threshold, DOMAIN.md 5), week 3 (21-25 Sep) in
    # no export though the term dates make it school days, present in week 4.  As of Fri
    # 2 Oct the N of Fri 18 Sep is 10 school days old (21-25 Sep and 28 Sep-2 Oct), the
    # one of Mon 14 Sep 14: all 10 are stale, as the data-quality list says.  The reason
    # said "the threshold rests on the 2 still within the 5 school days allowed to
    # resolve them": the 18th's, aged 5 by the register's days alone (the missing week
    # not counted).  It must say, as the list does, that none is within them.
    reg = register({"A": P * 5 + "N " * 5 + "! " * 5 + P * 5, "B": P * 10 + "! " * 5 + P * 5})
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    code, out, err = run_cli("check", export, "-c", ws, "--as-of", "2026-10-02", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    stale = [q for q in doc["data_quality"] if q["kind"] == "stale_n" and q["upn"] == "A"]
    assert len(stale) == 10
    assert {q["detail"] for q in stale if q["date"] == "2026-09-18"} == {"N, 10 school days old"}
    reason = next(p for p in doc["pupils"] if p["upn"] == "A")["reasons"]["pn"]
    assert "10 of the 10 are N (reason not yet established)" in reason
    assert "still within the 5 school days" not in reason, reason


def _run_then_back(tmp_path):  # noqa: ANN202
    # A: present week 1, O every session of weeks 2-3 (Mon 14 to Fri 25 Sep: 10 school
    # days of unexplained absence, DOMAIN.md 6), present weeks 4-5 (to Fri 9 Oct)
    reg = register({"A": P * 5 + "O " * 10 + P * 10, "B": P * 25})
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    return export, make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def test_the_pupil_record_names_a_ten_day_run_the_weekly_check_no_longer_lists(tmp_path):
    # DOMAIN.md 6: the LA is told of ANY pupil with 10 school days of unauthorised absence,
    # and `cme` lists every run of the period that reached 10.  As of Fri 9 Oct the check
    # compares with Fri 2 Oct, and A's run ended on 25 Sep, before it: the check lists it
    # no more (it did in the week it ended), `cme` still does, and the pupil record, the
    # whole story of one child for the officer on the phone, said nothing of it.
    export, ws = _run_then_back(tmp_path)
    code, out, err = run_cli("cme", export, "-c", ws, "--as-of", "2026-10-09")
    assert code == 0, err
    assert "14/09-25/09/26" in out
    code, out, err = run_cli("pupil", "A", export, "-c", ws, "--as-of", "2026-10-09", width=400)
    assert code == 0, err
    text = " ".join(out.split())
    assert (
        "Continuous unexplained absence earlier in the period (attcli cme lists it; the "
        "weekly check no longer does): 10 school days of unexplained absence 14/09/2026 to "
        "25/09/2026 (O), ended on or before 02/10/2026, the date the check compares with: "
        "reached 10 school days, tell the local authority (children missing education); "
        "last attended 11/09/2026"
    ) in text, text
    # as of Mon 28 Sep the check compares with Mon 21 Sep: the run ended since, and the
    # check's own flag says it; the record does not say it twice
    code, out, err = run_cli("pupil", "A", export, "-c", ws, "--as-of", "2026-09-28", width=400)
    assert code == 0, err
    text = " ".join(out.split())
    assert "ended since the check as of 21/09/2026" in text
    assert "earlier in the period" not in text
    # as of Fri 2 Oct the check compares with Fri 25 Sep, the run's last day: listed then,
    # not now, so the record says it
    code, out, err = run_cli("pupil", "A", export, "-c", ws, "--as-of", "2026-10-02", width=400)
    text = " ".join(out.split())
    assert "earlier in the period" in text and "on or before 25/09/2026" in text, text
