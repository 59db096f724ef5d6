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


def test_the_pupil_record_names_a_ladder_step_due_by_its_condition_alone(
    tmp_path, monkeypatch
):
    # Seed 004 (DOMAIN.md 11): below 90 %, an attendance review meeting; its ladder's
    # review_meeting has `when_below = 90`, so `cases` lists a pupil below 90 % with no
    # record on the casebook at all.  LOW misses school days i = 3, 8, 13, 18 (Thu 10
    # Sep, 17 Sep, 24 Sep, 1 Oct): as of Fri 16 Oct (30 school days) 52 of 60 = 86.7 %.
    # `cases` lists "Meetings to book: LOW review_meeting due now"; `pupil` said nothing
    # of the ladder (it placed only pupils with a record).  OK (100 %) is on no step.
    import datetime as dt

    from builders import write_long_csv as write
    from test_sweep_policies2 import init_workspace, year_register

    cfg = init_workspace(tmp_path / "ws", "seed004")
    both = "/\\"
    pupils = {"LOW": lambda i: "OO" if i in (3, 8, 13, 18) else both, "OK": lambda i: both}
    reg = write(year_register(pupils, dt.date(2026, 10, 16)), tmp_path / "reg.csv")
    day = "2026-10-16"
    monkeypatch.setenv("ATTCLI_TODAY", day)
    code, js, err = run_cli("cases", reg, "-c", cfg, "--as-of", day, "-f", "json")
    assert code == 0, err
    cases = {c["upn"]: c for c in json.loads(js)["cases"]}
    assert set(cases) == {"LOW"}
    assert (cases["LOW"]["due"], cases["LOW"]["due_stage"], cases["LOW"]["stage"]) == (
        "meeting", "review_meeting", None,
    )
    code, text, err = run_cli("pupil", "LOW", reg, "-c", cfg, "--as-of", day, width=400)
    assert code == 0, err
    text = " ".join(text.split())
    assert "Escalation ladder (as attcli cases places the pupil): " in text, text
    assert "Attendance review meeting (persistent absence, weekly monitoring) due" in text, text
    code, text, err = run_cli("pupil", "OK", reg, "-c", cfg, "--as-of", day, width=400)
    assert code == 0, err
    assert "Escalation ladder" not in text
    assert "none: nothing needs doing for this pupil" in " ".join(text.split())


def test_cases_calls_a_step_overdue_once_a_weekly_run_has_gone_by_since_it_fell_due(
    tmp_path, monkeypatch
):
    # Seed 004 as worked in test_sweep_domaind (DOMAIN.md 11): OVER's letter of Fri 11
    # Sep, its 4-week period not improved, the support meeting due from Fri 09/10; DUE's
    # letter of Fri 18 Sep, the meeting due from Fri 16/10.  As of Fri 16 Oct the run's
    # week is 10/10-16/10 (its review window: after 09/10): DUE's falls due in it, OVER's
    # fell due by the last weekly run (09/10) and is not recorded: overdue.  `cases` gave
    # both a bare date under "due from"; OVER's now says it is overdue, DUE's does not.
    import datetime as dt

    from school import contacts_file
    from test_sweep_domaind import SEED004
    from test_sweep_policies2 import init_workspace, year_register

    cfg = init_workspace(tmp_path / "ws", "seed004")
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [(u, f"C{i}", "Ms", "Ada", f"Surname{u}") for i, u in enumerate(SEED004)],
    )

    def export(day: str):  # noqa: ANN202
        return write_long_csv(
            year_register(SEED004, dt.date.fromisoformat(day)), tmp_path / f"{day}.csv"
        )

    for day in ("2026-09-11", "2026-09-18"):
        monkeypatch.setenv("ATTCLI_TODAY", day)
        code, _, err = run_cli(
            "letters", export(day), "--contacts", contacts, "-c", cfg, "--as-of", day,
            "--out", tmp_path / f"out-{day}",
        )  # fmt: skip
        assert code == 0, err
    day = "2026-10-16"
    monkeypatch.setenv("ATTCLI_TODAY", day)
    code, text, err = run_cli("cases", export(day), "-c", cfg, "--as-of", day, width=200)
    assert code == 0, err
    rows = {line.split("│")[2].strip(): line for line in text.splitlines() if line.count("│") > 5}
    assert "09/10/2026, overdue" in rows["OVER"], text  # (dd/mm/yyyy: sweep looks7)
    assert "16/10/2026" in rows["DUE"] and "overdue" not in rows["DUE"], text
    # the JSON says it too, beside due_from (a script need not work out the window)
    code, out, err = run_cli("cases", export(day), "-c", cfg, "--as-of", day, "--format", "json")
    assert code == 0, err
    got = {c["upn"]: (c["due_from"], c["overdue"]) for c in json.loads(out)["cases"]}
    assert got["OVER"] == ("2026-10-09", True) and got["DUE"] == ("2026-10-16", False), got
    # the pupil record's ladder line says it as `cases` does
    for upn, said in (("OVER", "due from 09/10/2026, overdue"), ("DUE", "due from 16/10/2026")):
        code, out, err = run_cli("pupil", upn, export(day), "-c", cfg, "--as-of", day, width=400)
        assert code == 0, err
        line = next(x for x in out.splitlines() if x.startswith("Escalation ladder"))
        assert said in line and (upn == "OVER") == ("overdue" in line), line
    # as of Mon 12 Oct, OVER's meeting fell due on Fri 9 Oct, inside the week up to it
    # (after Mon 5 Oct): due this week, not overdue
    day = "2026-10-12"
    monkeypatch.setenv("ATTCLI_TODAY", day)
    code, text, err = run_cli("cases", export(day), "-c", cfg, "--as-of", day, width=200)
    assert code == 0, err
    assert "09/10/2026" in text and "overdue" not in text, text


def test_a_cases_row_at_the_penalty_notice_step_names_the_notice_on_record(
    tmp_path, monkeypatch
):
    # sweep leftovers3's P (tests/test_sweep_nti.py's ladder): a notice to improve of Mon
    # 19/10 not improved, the penalty-notice request due from 21/11; the LA issued the
    # notice and the office recorded it with `pn record` on Wed 25/11.  As of 27/11 `cases`
    # lists "pn_request (at the last step)" since 25/11, and nothing of what was recorded:
    # no casebook record of pn_request exists (`case record` was never run), so an
    # officer looking for the request the row speaks of finds none.  The row now names
    # the notice on record behind it, in the table and in the JSON's note.
    import datetime as dt

    from test_sweep_nti import _case, _record, _school

    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")
    marks = {dt.date(2026, 11, 16) + dt.timedelta(days=i): "OO" for i in range(5)}
    export, config, contacts = _school(tmp_path, marks)
    _record(config, "nti", dt.date(2026, 10, 19), "NTI issued")
    code, _, err = run_cli(
        "pn", "record", "P", export, "--parent", "CP", "--date", "2026-11-25", "--as-of",
        "2026-11-23", "--contacts", contacts, "-c", config,
    )  # fmt: skip
    assert code == 0, err
    said = "the penalty notice issued 25/11/2026 to Mrs Ann Parent (on record: attcli pn list)"
    case = _case(export, config, "2026-11-27")
    assert (case["stage"], case["since"], case["status"]) == ("pn_request", "2026-11-25", "last")
    assert said in (case["note"] or ""), case
    code, out, err = run_cli("cases", export, "-c", config, "--as-of", "2026-11-27", width=400)
    assert code == 0, err
    assert said in " ".join(out.split()), out
    code, out, err = run_cli("pupil", "P", export, "-c", config, "--as-of", "2026-11-27", width=400)
    assert code == 0, err
    line = next(x for x in out.splitlines() if x.startswith("Escalation ladder"))
    assert "Penalty-notice request to the LA since 25/11/2026" in line and said in line, line
    # the notice voided: the request is due again, and no notice is named
    code, _, err = run_cli("pn", "void", "1", "--reason", "issued in error", "-c", config)
    assert code == 0, err
    case = _case(export, config, "2026-11-27")
    assert "penalty notice issued" not in (case["note"] or ""), case


def test_a_summary_as_of_a_day_after_the_data_is_complete_for_the_period_it_gives(tmp_path):
    # Decided (docs/decisions.md, leftovers4): `period.complete` says whether the exports
    # cover the period the summary gives, `period.start` to `period.as_of`; as of Fri 9
    # Oct with exports to Fri 2 Oct that period ends on 2 Oct (the figures' day, DOMAIN.md
    # 2: an as-of date after the data is never silently used) and is whole: complete,
    # banded, the same totals as the summary as of 2 Oct; `coverage_note` says the
    # exports end before the day asked.  `complete` false would tell the trust report the
    # school has no band (its exports miss part of the period), which is not so.
    reg = register({"A": P * 5 + "N " + P * 9 + "O " * 2 + P * 3, "B": P * 20})
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    docs = {}
    for day in ("2026-10-02", "2026-10-09"):
        out = tmp_path / f"{day}.json"
        code, _, err = run_cli("summary", export, "-c", ws, "--as-of", day, "-o", out)
        assert code == 0, err
        docs[day] = json.loads(out.read_text(encoding="utf-8"))
    late, whole = docs["2026-10-09"], docs["2026-10-02"]
    assert (late["period"]["as_of"], late["period"]["complete"]) == ("2026-10-02", True)
    assert late["period"]["coverage_note"].startswith("INCOMPLETE DATA: the exports cover ")
    assert "Figures are as of 02/10/2026" in late["period"]["coverage_note"]
    assert whole["period"]["coverage_note"] is None
    assert late["totals"] == whole["totals"]
    assert late["totals"]["banded"] == 2 and late["totals"]["stale_n"] == 2


def test_the_register_problems_line_names_the_days_its_problems_are_of(tmp_path):
    # DOMAIN.md 2 (an as-of date after the data is never silently used) and 12.  As of
    # Fri 9 Oct with exports to Fri 2 Oct the problems counted are of 1 Sep to 2 Oct (the
    # N of Mon 14 Sep, 14 school days old at the data's end); the line said "register
    # problems from 01/09/2026 to 09/10/2026", a week the exports do not hold, as the
    # letters' header did before domainc.  Every command's line now ends on 02/10/2026.
    from school import contacts_file

    reg = register({"A": P * 5 + "N " + P * 14, "B": P * 20})
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    contacts = contacts_file(
        tmp_path / "contacts.csv", [("A", "C1", "Mrs", "Pat", "Par"), ("B", "C2", "Mr", "Q", "Oth")]
    )
    said = "register problems from 01/09/2026 to 02/10/2026: 2 N codes older than 5 school days"
    runs = {
        "report": ("report", export, "-c", ws, "-o", tmp_path / "r.html"),
        "cme": ("cme", export, "-c", ws),
        "cases": ("cases", export, "-c", ws),
        "letters": ("letters", export, "--contacts", contacts, "-c", ws, "--dry-run"),
    }
    for name, args in runs.items():
        code, out, err = run_cli(*args, "--as-of", "2026-10-09", width=400)
        assert code == 0, (name, err)
        text = out + err
        if name == "report":
            text += (tmp_path / "r.html").read_text(encoding="utf-8")
        text = " ".join(text.split())
        assert "to 09/10/2026: 2 N codes" not in text, (name, text)
        assert said in text, (name, text)
