"""Penalty notices end to end (sweep of 4 December (second), pn), worked out by hand.

One school's register from Mon 13 April 2026 to Fri 12 February 2027, term dates in the
workspace: Summer 1 to 22 May (Mon 4 May a bank holiday), Summer 2 1 June to 17 July,
Autumn 1 from Thu 3 September (1-2 September INSET days) to 23 October, Autumn 2 2
November to 18 December, Spring 1 from Tue 5 January 2027 (Mon 4 January an INSET day).
The school weeks (a week with a session, DOMAIN.md 5) skip 25 May, the summer holiday but
the week of 31 August (Thu 3 and Fri 4 September), 26 October, and 21 and 28 December.
Every pupil is present (``/``) on every school day but the marks listed.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from attcli.calendar import compulsory_school_age_window
from builders import register_rows, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace

D = dt.date
BANK_HOLIDAY = D(2026, 5, 4)
TERMS = """
[[calendar.half_terms]]
name = "Summer 1"
start = 2026-04-13
end = 2026-05-22

[[calendar.half_terms]]
name = "Summer 2"
start = 2026-06-01
end = 2026-07-17

[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-01
end = 2026-10-23

[[calendar.half_terms]]
name = "Autumn 2"
start = 2026-11-02
end = 2026-12-18

[[calendar.half_terms]]
name = "Spring 1"
start = 2027-01-04
end = 2027-02-12
"""


def weekdays(first: dt.date, last: dt.date, skip: set[dt.date] = frozenset()) -> list[dt.date]:
    out, d = [], first
    while d <= last:
        if d.weekday() < 5 and d not in skip:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


SCHOOL_DAYS = (
    weekdays(D(2026, 4, 13), D(2026, 5, 22), {BANK_HOLIDAY})
    + weekdays(D(2026, 6, 1), D(2026, 7, 17))
    + weekdays(D(2026, 9, 3), D(2026, 10, 23))
    + weekdays(D(2026, 11, 2), D(2026, 12, 18))
    + weekdays(D(2027, 1, 5), D(2027, 2, 12))
)
SESSIONS = [(d, s) for d in SCHOOL_DAYS for s in ("AM", "PM")]


def run(day: dt.date, half: str, n: int, code: str = "O") -> dict[tuple[dt.date, str], str]:
    """``n`` sessions of ``code`` from ``day``'s ``half`` on, school sessions only."""
    i = SESSIONS.index((day, half))
    return {k: code for k in SESSIONS[i : i + n]}


def workspace(tmp_path: Path) -> Path:
    config = make_workspace(tmp_path / "ws", TERMS)
    text = config.read_text(encoding="utf-8").replace(
        "inset_days = []", "inset_days = [2026-09-01, 2026-09-02, 2027-01-04]"
    )
    config.write_text(text, encoding="utf-8")
    return config.parent


def export(path: Path, pupils: dict, dob: dict | None = None) -> Path:
    rows = [
        {
            "upn": upn,
            "date": d,
            "session": s,
            "mark": own.get((d, s), "/"),
            "dob": (dob or {}).get(upn, D(2014, 10, 1)),
        }
        for upn, own in pupils.items()
        for d, s in SESSIONS
    ]
    return write_long_csv(register_rows(rows), path, dob=True)


# Each pupil's marks, and the figures worked out by hand: (as-of date, window's first
# Monday, sessions in the window, first date met in the period from 1 September, or from
# 13 April for a summer date, or None).
PUPILS = {
    # Fri 27/11/2026: the 10 school weeks from Mon 14/09 (23, 16, 9, 2 Nov, 19, 12, 5 Oct,
    # 28, 21, 14 Sep; the half term no school week)
    "N9": run(D(2026, 9, 14), "AM", 9),
    "N10": run(D(2026, 9, 14), "AM", 10),
    # Fri 11/09 PM is the week before the window; with it the 10th came on Fri 18/09 AM
    "N11": {**run(D(2026, 9, 11), "PM", 1), **run(D(2026, 9, 14), "AM", 10)},
    "N11B": {**run(D(2026, 9, 14), "AM", 10), **run(D(2026, 11, 23), "AM", 1)},
    # G, N and U count, L does not: 2 G, 2 N, 3 U and 5 L
    "MIX": {
        **run(D(2026, 11, 9), "AM", 2, "G"),
        **run(D(2026, 11, 10), "AM", 2, "N"),
        **run(D(2026, 11, 11), "AM", 3, "U"),
        **run(D(2026, 11, 16), "AM", 5, "L"),
    },
    # Christmas: Fri 15/01/2027's window runs from Mon 19/10 (11, 4 Jan, 14, 7 Dec, 30, 23,
    # 16, 9, 2 Nov, 19 Oct)
    "XMAS": {**run(D(2026, 10, 19), "AM", 2), **run(D(2026, 12, 14), "AM", 8)},
    "XMASY": {**run(D(2026, 10, 16), "AM", 2), **run(D(2026, 12, 14), "AM", 8)},
    "JAN": {**run(D(2026, 10, 19), "AM", 2), **run(D(2027, 1, 5), "AM", 8)},
    # the summer holiday: Fri 11/09's window runs from Mon 18/05 (7 Sep, 31 Aug, 13, 6 Jul,
    # 29, 22, 15, 8, 1 Jun, 18 May; 25 May no school week)
    "SUMR": {**run(D(2026, 5, 22), "AM", 2), **run(D(2026, 7, 13), "AM", 8)},
    "SUMR2": {
        **run(D(2026, 5, 21), "AM", 2),
        **run(D(2026, 7, 13), "AM", 6),
        **run(D(2026, 9, 3), "AM", 2),
    },
    # the bank holiday's week (Tue 5 to Fri 8 May) is a school week: Fri 10/07's window
    # runs from Mon 27/04
    "BANK": {**run(D(2026, 5, 1), "AM", 2), **run(D(2026, 5, 5), "AM", 8)},
    "BANK2": {**run(D(2026, 4, 24), "AM", 2), **run(D(2026, 5, 5), "AM", 8)},
    # turning 5: 10 O on 14-18 Dec 2026, 8 on 5-8 Jan 2027
    "R31AUG": {**run(D(2026, 12, 14), "AM", 10), **run(D(2027, 1, 5), "AM", 8)},
    "R2SEP": {**run(D(2026, 12, 14), "AM", 10), **run(D(2027, 1, 5), "AM", 8)},
    "R1JAN": {**run(D(2026, 12, 14), "AM", 10), **run(D(2027, 1, 5), "AM", 8)},
    # year 11: O every session 22 June to 3 July 2026
    "Y11": run(D(2026, 6, 22), "AM", 20),
    "Y11SEP": run(D(2026, 6, 22), "AM", 20),
}
DOB = {
    "R31AUG": D(2021, 8, 31),  # 5 on 31/08/2026: of compulsory school age from that day
    "R2SEP": D(2021, 9, 2),  # 5 on 02/09/2026: from 31/12/2026
    "R1JAN": D(2022, 1, 1),  # 5 on 01/01/2027: from 31/03/2027
    "Y11": D(2010, 8, 31),  # 16 on 31/08/2026 (school year 2025/26): to Fri 26/06/2026
    "Y11SEP": D(2010, 9, 1),  # 16 on 01/09/2026 (school year 2026/27): to Fri 25/06/2027
}

BY_HAND = [
    # as of, UPN, (window from, sessions in it, first met, of compulsory school age)
    ("2026-11-27", "N9", ("2026-09-14", 9, None, True)),
    ("2026-11-27", "N10", ("2026-09-14", 10, "2026-09-18", True)),
    ("2026-11-27", "N11", ("2026-09-14", 10, "2026-09-18", True)),
    ("2026-11-27", "N11B", ("2026-09-14", 11, "2026-09-18", True)),
    ("2026-11-27", "MIX", ("2026-09-14", 7, None, True)),
    ("2027-01-15", "XMAS", ("2026-10-19", 10, "2026-12-17", True)),
    ("2027-01-15", "XMASY", ("2026-10-19", 8, "2026-12-17", True)),
    ("2026-12-18", "XMASY", ("2026-10-05", 10, "2026-12-17", True)),
    ("2027-01-15", "JAN", ("2026-10-19", 10, "2027-01-08", True)),
    ("2026-09-11", "SUMR", ("2026-05-18", 10, "2026-09-01", True)),
    ("2026-09-11", "SUMR2", ("2026-05-18", 10, "2026-09-03", True)),
    # as of Tue 01/09 (an INSET day, before the first school day): the 10 school weeks
    # that ended before it, Tue 5 May (Mon 4 May the bank holiday, no school day of the
    # window: sweep rules3) to 17 July
    ("2026-09-01", "SUMR", ("2026-05-05", 10, "2026-09-01", True)),
    ("2026-07-10", "BANK", ("2026-04-27", 10, "2026-05-08", True)),
    ("2026-07-10", "BANK2", ("2026-04-27", 8, "2026-05-08", True)),
    ("2027-01-15", "R31AUG", ("2026-10-19", 18, "2026-12-18", True)),
    ("2027-01-15", "R2SEP", ("2026-10-19", 8, None, True)),
    ("2027-01-15", "R1JAN", ("2026-10-19", 0, None, False)),
    ("2026-06-25", "Y11", ("2026-04-13", 8, None, True)),
    ("2026-06-26", "Y11", ("2026-04-13", 10, "2026-06-26", True)),
    ("2026-07-03", "Y11", ("2026-04-20", 10, "2026-06-26", False)),
    ("2026-07-03", "Y11SEP", ("2026-04-20", 20, "2026-06-26", True)),
]


@pytest.fixture(scope="module")
def school(tmp_path_factory) -> tuple[Path, Path, Path]:
    tmp = tmp_path_factory.mktemp("pn")
    ws = workspace(tmp)
    exp = export(tmp / "register.csv", PUPILS, DOB)
    book = contacts_file(
        tmp / "contacts.csv",
        [(u, f"C{u}", "Mrs", f"Par{u}", f"Sur{u}") for u in PUPILS]
        + [("N10", "D_N10", "Mr", "Dad", "SurN10")],
    )
    return ws, exp, book


def check_json(ws: Path, exp: Path, as_of: str) -> dict[str, dict]:
    extra = ["--from", "2026-04-13"] if as_of < "2026-09-01" else []
    code, out, err = run_cli("--workspace", ws, "check", exp, "--as-of", as_of, "-f", "json",
                             *extra)  # fmt: skip
    assert code == 0, err
    return {p["upn"]: p for p in json.loads(out)["pupils"]}


@pytest.fixture(scope="module")
def school_check(school):
    """The check's JSON of :func:`school` as of a date, each date's made once for the
    module's tests that read it (a check only reads; no test writes that workspace)."""
    ws, exp, _ = school
    by_date: dict[str, dict[str, dict]] = {}

    def checked(as_of: str) -> dict[str, dict]:
        if as_of not in by_date:
            by_date[as_of] = check_json(ws, exp, as_of)
        return by_date[as_of]

    return checked


def test_the_window_at_its_boundaries_across_holidays_and_ages(school_check):
    """9, 10 and 11 sessions; a window across the half term, Christmas, the summer and a
    bank holiday's week; the threshold first met before the window; pupils turning 5 in
    the window and a Year 11 past the last Friday in June."""
    for as_of, upn, want in BY_HAND:
        p = school_check(as_of)[upn]
        got = (p["pn_window_start"], p["pn_window_sessions"], p["pn_first_met"],
               p["compulsory_school_age"])  # fmt: skip
        assert got == want, (as_of, upn)
        assert p["pn_threshold_met"] is (want[1] >= 10)
        # a pupil not of compulsory school age is never quoted a notice (DOMAIN.md 5)
        assert (p["pn_next_notice"] is not None) is (want[1] >= 10 and want[3])


def test_check_evidence_and_the_pupil_record_give_the_same_window(school, school_check):
    """The same pupil, the same as-of date: the same window, count and first date met in
    the check's JSON, the evidence pack's JSON (which names every session counted) and
    the pupil record."""
    ws, exp, book = school
    for as_of, upn in (("2026-11-27", "N11B"), ("2027-01-15", "XMASY"),
                       ("2027-01-15", "R2SEP"), ("2026-09-01", "SUMR")):  # fmt: skip
        p = school_check(as_of)[upn]
        code, out, err = run_cli("--workspace", ws, "evidence", upn, exp, "--for",
                                 "penalty-notice", "--contacts", book, "--as-of", as_of,
                                 "--draft", "-f", "json")  # fmt: skip
        assert code == 0, err
        w = json.loads(out)["window"]
        assert (w["start"], w["end"], w["first_met"], len(w["unauthorised_sessions"])) == (
            p["pn_window_start"], p["pn_window_end"], p["pn_first_met"],
            p["pn_window_sessions"],
        )  # fmt: skip
        listed = {(s["date"], s["session"]) for s in w["unauthorised_sessions"]}
        own = {(d.isoformat(), s) for (d, s), m in PUPILS[upn].items() if m != "L"}
        assert listed <= own
        code, out, err = run_cli("--workspace", ws, "pupil", upn, exp, "--as-of", as_of)
        assert code == 0, err
        text = " ".join(out.split())
        if p["pn_threshold_met"]:
            start = dt.date.fromisoformat(p["pn_window_start"])
            assert (f"{p['pn_window_sessions']} unauthorised sessions in the 10 school weeks "
                    f"{start:%d/%m/%Y}") in text  # fmt: skip


def test_a_notice_of_last_school_year_covers_its_sessions_and_a_void_one_nothing(school, tmp_path):
    """SUMR's notice of Fri 17/07/2026 rests on the window as of Thu 16/07 (4 May to 16
    July: 22 May's 2 and 13-16 July's 8).  In September the window across the summer
    holds those 10 only: they supported the notice and never count again, so no
    threshold and no first date met; the next notice to that parent is a second (GBP 160)
    until 17/07/2029.  Voided, it counts for nothing: the 10 count again and the next is
    a first."""
    import shutil

    ws0, exp, book = school
    ws = tmp_path / "ws"
    shutil.copytree(ws0, ws)
    code, out, err = run_cli("--workspace", ws, "pn", "record", "SUMR", exp, "--parent",
                             "CSUMR", "--date", "2026-07-17", "--as-of", "2026-07-16",
                             "--contacts", book)  # fmt: skip
    assert code == 0, err
    assert "covers 10 unauthorised sessions of the window 05/05/2026 to 16/07/2026" in " ".join(
        out.split()
    )
    p = check_json(ws, exp, "2026-09-11")["SUMR"]
    assert (p["pn_window_sessions"], p["pn_first_met"], p["pn_threshold_met"]) == (0, None, False)
    for on, kind in (("2026-09-11", "second (GBP 160)"), ("2029-07-16", "second (GBP 160)"),
                     ("2029-07-17", "first (GBP 80")):  # fmt: skip
        code, out, err = run_cli("--workspace", ws, "pn", "next", "SUMR", "--parent", "CSUMR",
                                 "--contacts", book, "--date", on)  # fmt: skip
        assert code == 0 and out.startswith(kind), (on, out, err)
    code, _, err = run_cli("--workspace", ws, "pn", "void", "1", "--reason", "in error")
    assert code == 0, err
    p = check_json(ws, exp, "2026-09-11")["SUMR"]
    assert (p["pn_window_sessions"], p["pn_first_met"]) == (10, "2026-09-01")
    assert p["pn_next_notice"].startswith("next notice: first")


# ------------------------------------------- an independent count over random registers
def oracle(own: dict, dob: dt.date, as_of: dt.date, start: dt.date) -> tuple:
    """DOMAIN.md 5 read afresh: school weeks are the Mondays of weeks with a school day;
    the window at a date is the 10 school weeks up to the last school day on or before it;
    a session counts when G, N, O or U, on or after 19/08/2024 and of compulsory school
    age; first met = the first session date in the period whose window (sessions up to it)
    holds 10, or the period's first day when the window at that day already does."""
    first_day, last_day = compulsory_school_age_window(dob)
    weeks = sorted({d - dt.timedelta(days=d.weekday()) for d in SCHOOL_DAYS})

    def wk(d: dt.date) -> dt.date:
        return d - dt.timedelta(days=d.weekday())

    def window(day: dt.date) -> list[dt.date]:
        upto = [d for d in SCHOOL_DAYS if d <= day]
        if not upto:
            return []
        i = weeks.index(wk(upto[-1]))
        return weeks[max(0, i - 9) : i + 1]

    ev = sorted(
        k for k, m in own.items()
        if m in "GNOU" and first_day <= k[0] <= last_day and k[0] <= as_of
    )  # fmt: skip
    ww = window(as_of)
    count = sum(1 for d, _ in ev if wk(d) in ww)
    w0, first = window(start), None
    if w0 and sum(1 for d, _ in ev if wk(d) in w0 and d <= start) >= 10:
        first = start
    else:
        for i, (d, _) in enumerate(ev):
            if d >= start and sum(1 for d2, _ in ev[: i + 1] if wk(d2) in window(d)) >= 10:
                first = d
                break
    # (the window from its first week's first school day: sweep rules3)
    ww0 = min(d for d in SCHOOL_DAYS if wk(d) == ww[0])
    return (ww0.isoformat(), count, first and first.isoformat(), first_day <= as_of <= last_day)


def test_an_independent_count_of_random_registers(tmp_path):
    rnd = random.Random(20261204)
    dobs = [D(2021, 8, 31), D(2021, 9, 1), D(2021, 12, 31), D(2022, 1, 1), D(2021, 3, 31),
            D(2010, 8, 31), D(2010, 9, 1), D(2014, 10, 1)]  # fmt: skip
    pupils, dob = {}, {}
    for i in range(40):
        own: dict = {}
        for _ in range(rnd.randint(0, 4)):
            k, code = rnd.randrange(len(SESSIONS)), rnd.choice("OOGNULC")
            for key in SESSIONS[k : k + rnd.randint(1, 14)]:
                if rnd.random() < 0.8:
                    own[key] = rnd.choice([code, code, "O", "G", "U", "L", "/"])
        pupils[f"P{i:02d}"], dob[f"P{i:02d}"] = own, rnd.choice(dobs)
    ws = workspace(tmp_path)
    exp = export(tmp_path / "register.csv", pupils, dob)
    for as_of in (D(2026, 5, 27), D(2026, 7, 20), D(2026, 9, 1), D(2026, 9, 4),
                  D(2026, 10, 28), D(2026, 12, 31), D(2027, 1, 5), D(2027, 2, 12)):  # fmt: skip
        start = D(2026, 9, 1) if as_of >= D(2026, 9, 1) else D(2026, 4, 13)
        got = check_json(ws, exp, as_of.isoformat())
        for upn, own in pupils.items():
            p = got[upn]
            assert (p["pn_window_start"], p["pn_window_sessions"], p["pn_first_met"],
                    p["compulsory_school_age"]) == oracle(own, dob[upn], as_of, start), (
                as_of, upn)  # fmt: skip


# ------------------------------------- a trust's school with its own penalty-notice rule
BEECH = """
[schools.b]
name = "Beech Primary School"
urn = "400002"
files = ["b-*.csv"]

[schools.b.penalty_notice]
codes = ["G", "O", "U"]
sessions = 8
weeks = 6
"""


def test_pn_record_of_a_trust_school_s_export_follows_the_school_s_own_rule(tmp_path):
    """Beech's own rule (a seed 002 school: G, O and U, no N; 8 sessions in 6 school weeks)
    judged its pupil in `check` and the evidence pack, but `pn record` of Beech's own file
    read it with the workspace's (10 weeks, N counted): the notice "covers 18 unauthorised
    sessions of the window 14/09/2026 to 27/11/2026" where the request's pack showed 8 in
    12/10/2026 to 27/11/2026, and the 6 N, never an offence by Beech's rule, were stored as
    used by it.  By hand, as of Fri 27/11/2026: Beech's 6 school weeks are 23, 16, 9, 2 Nov,
    19 and 12 Oct (the half term no school week); T's O on 19-20 and 23-24 Nov count (8),
    the N on 16-18 Nov and the O on 21-22 Sep do not."""
    ws = workspace(tmp_path)
    config = ws / "attcli.toml"
    config.write_text(config.read_text(encoding="utf-8") + BEECH, encoding="utf-8")
    t = {
        **run(D(2026, 9, 21), "AM", 4),
        **run(D(2026, 11, 16), "AM", 6, "N"),
        **run(D(2026, 11, 19), "AM", 8),
    }
    days = [d for d in SCHOOL_DAYS if D(2026, 9, 3) <= d <= D(2026, 11, 27)]
    rows = [
        {"upn": u, "date": d, "session": s, "mark": own.get((d, s), "/")}
        for u, own in (("T", t), ("OK", {}))
        for d in days
        for s in ("AM", "PM")
    ]
    exp = write_long_csv(register_rows(rows), tmp_path / "b-reg.csv", dob=True)
    book = contacts_file(tmp_path / "contacts.csv", [("T", "CT", "Mrs", "Par", "Tee")])
    p = check_json(ws, exp, "2026-11-27")["T"]
    assert (p["pn_window_start"], p["pn_window_sessions"], p["pn_first_met"]) == (
        "2026-10-12", 8, "2026-11-24",
    )  # fmt: skip
    code, out, err = run_cli("--workspace", ws, "evidence", "T", exp, "--for", "penalty-notice",
                             "--contacts", book, "--as-of", "2026-11-27", "--draft", "-f",
                             "json")  # fmt: skip
    assert code == 0, err  # (a draft: the window holds N, which the LA would return)
    window = json.loads(out)["window"]
    pack = {(s["date"], s["session"]) for s in window["unauthorised_sessions"]}
    assert window["start"] == "2026-10-12" and len(pack) == 8
    code, out, err = run_cli("--workspace", ws, "pn", "record", "T", exp, "--parent", "CT",
                             "--contacts", book, "--date", "2026-11-30", "--as-of",
                             "2026-11-27")  # fmt: skip
    assert code == 0, err
    assert "it covers 8 unauthorised sessions of the window 12/10/2026 to 27/11/2026" in " ".join(
        out.split()
    )
    assert "reason not yet established" not in err
    from attcli.config import load_config
    from attcli.store import History, history_path

    with History(history_path(load_config(config))) as store:
        (notice,) = store.notices("T")
        covered = {(d.isoformat(), s) for d, s, _ in store.notice_sessions(notice.id)}
    assert covered == pack


# ------------------------- a notice recorded by the parent's name, then by contact id
def test_a_notice_recorded_by_the_parent_s_name_counts_for_their_contact_id_everywhere(
    tmp_path,
):
    """The LA issued a notice to Mr Pa Que on 25/09/2026 (the request as of 18/09: Q's O
    on 14-18 Sep) while the contacts export did not list him, so it was recorded by the
    name typed (--force).  The school then added him to the MIS (contact DQ).  `check`
    (by the notices' names) and `pn record` (which links a notice by name to the contact
    of that name) count it as his; `pn next --contacts` by DQ said "first (GBP 80 ...)" and
    the evidence pack for DQ "this would be the first notice" with 20 sessions in the
    window, first met 18/09, the 10 of his own notice counted again for him "as another
    liable parent".  By hand, as of Fri 27/11/2026: the window 14/09 to 27/11 holds Q's 20
    O; 14-18 Sep's 10 supported his notice, so 16-20 Nov's 10 count, first met Fri 20/11,
    and the next notice to him is a second (GBP 160).  His wife (CQ) had no notice: her
    count is the 20 and hers a first."""
    ws = workspace(tmp_path)
    q = {**run(D(2026, 9, 14), "AM", 10), **run(D(2026, 11, 16), "AM", 10)}
    days = [d for d in SCHOOL_DAYS if D(2026, 9, 3) <= d <= D(2026, 11, 27)]
    rows = [
        {"upn": u, "date": d, "session": s, "mark": own.get((d, s), "/")}
        for u, own in (("Q", q), ("OK", {}))
        for d in days
        for s in ("AM", "PM")
    ]
    exp = write_long_csv(register_rows(rows), tmp_path / "reg.csv", dob=True)
    before = contacts_file(tmp_path / "before.csv", [("Q", "CQ", "Mrs", "Ma", "Que")])
    after = contacts_file(
        tmp_path / "after.csv", [("Q", "CQ", "Mrs", "Ma", "Que"), ("Q", "DQ", "Mr", "Pa", "Que")]
    )
    code, _, err = run_cli("--workspace", ws, "pn", "record", "Q", exp, "--parent", "Mr Pa Que",
                           "--date", "2026-09-25", "--as-of", "2026-09-18", "--contacts", before,
                           "--force")  # fmt: skip
    assert code == 0, err
    p = check_json(ws, exp, "2026-11-27")["Q"]
    assert (p["pn_window_sessions"], p["pn_first_met"]) == (10, "2026-11-20")
    assert p["pn_next_notice"] == "Mr Pa Que: next notice: second (GBP 160)"
    for who, kind in (("DQ", "second (GBP 160)"), ("CQ", "first (GBP 80")):
        code, out, err = run_cli("--workspace", ws, "pn", "next", "Q", "--parent", who,
                                 "--contacts", after, "--date", "2026-11-27")  # fmt: skip
        assert code == 0 and out.startswith(kind), (who, out, err)
    for who, want in (("DQ", ("second", 10, "2026-11-20")), ("CQ", ("first", 20, "2026-09-18"))):
        code, out, err = run_cli("--workspace", ws, "evidence", "Q", exp, "--for",
                                 "penalty-notice", "--contacts", after, "--parent", who,
                                 "--as-of", "2026-11-27", "--draft", "-f", "json")  # fmt: skip
        assert code == 0, err
        pack = json.loads(out)
        w = pack["window"]
        assert (pack["this_notice"], len(w["unauthorised_sessions"]), w["first_met"]) == want
        assert ("count for this parent too" in err) is (who == "CQ")


# ------------------------------------------------ one child's window under two UPNs
def test_a_child_at_the_threshold_across_two_upns_is_said(tmp_path):
    """Kit, under a temporary UPN to Fri 02/10/2026 and the permanent one from Mon 05/10
    (the same surname, forename and date of birth: the loader's "one child under two
    UPNs"), was absent (O) on 28-30 Sep (6 sessions, the old UPN) and 12-14 Oct (6, the
    new).  As of Fri 27/11 the window 14/09 to 27/11 holds the 12 of them: the threshold
    met, but split 6 and 6, neither UPN was in the penalty-notice group and the check said
    nothing of it (a run of unexplained absence split so is said, by `cme` and the check).
    Ola, present throughout, is no one's part.  Under the threshold across the two (5 and
    4 of them), nothing is said."""
    ws = workspace(tmp_path)
    old, new, other = "A99920010100A", "A999200101003", "A999200102004"
    days = [d for d in SCHOOL_DAYS if D(2026, 9, 3) <= d <= D(2026, 11, 27)]

    def export_of(old_marks: dict, new_marks: dict) -> Path:
        rows = []
        for d in days:
            for s in ("AM", "PM"):
                upn, own = (old, old_marks) if d < D(2026, 10, 5) else (new, new_marks)
                rows.append(
                    {
                        "upn": upn,
                        "date": d,
                        "session": s,
                        "mark": own.get((d, s), "/"),
                        "surname": "Kid",
                        "forename": "Kit",
                        "dob": D(2015, 5, 1),
                    }
                )
                rows.append({"upn": other, "date": d, "session": s, "mark": "/",
                             "surname": "Other", "forename": "Ola", "dob": D(2015, 6, 1)})  # fmt: skip
        return write_long_csv(register_rows(rows), tmp_path / "reg.csv", dob=True)

    exp = export_of(run(D(2026, 9, 28), "AM", 6), run(D(2026, 10, 12), "AM", 6))
    code, out, err = run_cli("--workspace", ws, "check", exp, "-f", "json")
    assert code == 0, err
    j = json.loads(out)
    kit = {p["upn"]: p for p in j["pupils"] if p["upn"] in (old, new)}
    assert (kit[old]["pn_window_sessions"], kit[new]["pn_window_sessions"]) == (6, 6)
    said = [w for w in j["warnings"] if "penalty-notice window" in w and "two UPNs" in w]
    assert said == [
        f"Kid, Kit ({old}, {new}: one child under two UPNs?) has 12 unauthorised sessions in "
        "the penalty-notice window 14/09/2026 to 27/11/2026 across the two UPNs "
        f"({old}'s 6, {new}'s 6), the threshold of 10, but neither UPN alone is in the "
        f"penalty-notice group: if one child, give the exports one UPN (the permanent one); "
        f"`attcli pupil merge {old} {new}` moves letters and notices on record"
    ]
    code, out, err = run_cli("--workspace", ws, "check", exp)
    assert code == 0 and "12 unauthorised sessions in the penalty-notice window" in " ".join(
        (out + err).split()
    )
    exp = export_of(run(D(2026, 9, 28), "AM", 5), run(D(2026, 10, 12), "AM", 4))
    code, out, err = run_cli("--workspace", ws, "check", exp, "-f", "json")
    assert code == 0, err
    assert not [w for w in json.loads(out)["warnings"] if "penalty-notice window" in w]


def test_pn_next_says_a_notice_about_the_same_child_under_another_upn(tmp_path):
    """Kit's notice (to his mother, contact M1) is on record under his temporary UPN; his
    register now runs under the permanent one.  `pn next NEW --parent M1` said "first (GBP
    80 ...)", nothing else: a second notice quoted as a first.  attcli cannot tell one
    child from two by the UPNs (twins share a parent), but the history knows both UPNs'
    pupils by name and date of birth (the notice's; the run recorded since): the same
    child's notice is said, with what the next would be if one child.  A sibling's notice
    to the same parent (another name) is no question."""
    ws = workspace(tmp_path)
    old, new, sib = "A99920010100A", "A999200101003", "A999200102004"
    days = [d for d in SCHOOL_DAYS if D(2026, 9, 3) <= d <= D(2026, 11, 27)]
    o = {**run(D(2026, 9, 28), "AM", 10)}
    rows = []
    for d in days:
        for s in ("AM", "PM"):
            upn = old if d < D(2026, 10, 5) else new
            rows.append(
                {
                    "upn": upn,
                    "date": d,
                    "session": s,
                    "mark": o.get((d, s), "/"),
                    "surname": "Kid",
                    "forename": "Kit",
                    "dob": D(2015, 5, 1),
                }
            )
            rows.append({"upn": sib, "date": d, "session": s, "mark": o.get((d, s), "/"),
                         "surname": "Kid", "forename": "Kat", "dob": D(2017, 2, 1)})  # fmt: skip
    exp = write_long_csv(register_rows(rows), tmp_path / "reg.csv", dob=True)
    book = contacts_file(
        tmp_path / "contacts.csv",
        [(old, "M1", "Mrs", "Mum", "Kid"), (new, "M1", "Mrs", "Mum", "Kid"),
         (sib, "M1", "Mrs", "Mum", "Kid")],
    )  # fmt: skip
    for upn in (old, sib):
        code, _, err = run_cli("--workspace", ws, "pn", "record", upn, exp, "--parent", "M1",
                               "--contacts", book, "--date", "2026-10-02")  # fmt: skip
        assert code == 0, err
    code, _, err = run_cli("--workspace", ws, "check", exp, "--record")
    assert code == 0, err
    code, out, err = run_cli("--workspace", ws, "pn", "next", new, "--parent", "M1",
                             "--contacts", book, "--date", "2026-11-27")  # fmt: skip
    assert code == 0, err
    assert out.startswith("first (GBP 80")
    said = " ".join(err.split())
    assert (
        f"notice 1 about {old} (02/10/2026) is to this parent, about a pupil of the same name "
        f"and date of birth as {new} (Kit Kid, born 01/05/2015)" in said
    )
    assert "the next notice to them would be second (GBP 160)" in said
    assert f"attcli pupil merge {old} {new}" in said
    assert sib not in said  # Kat: another child
    code, out, err = run_cli("--workspace", ws, "pn", "next", new, "--parent", "Mrs Mum Kid",
                             "--date", "2026-11-27")  # fmt: skip
    assert code == 0 and out.startswith("first (GBP 80"), err
    assert "the next notice to them would be second (GBP 160)" in " ".join(err.split())


def test_pn_record_and_letters_say_the_same_child_s_notice_under_another_upn(tmp_path):
    """The MIS re-exported Kit's whole register under his permanent UPN after his notice
    (to M1, 02/10/2026) was recorded under the temporary one: `pn record` of the next
    notice said "this was the first notice within 3 years (GBP 80 ...)" and the letters'
    penalty-notice warning quoted a first notice, each with nothing said.  Both now say
    the notice about the temporary UPN, and what it would be if one child."""
    ws = workspace(tmp_path)
    old, new = "A99920010100A", "A999200101003"
    days = [d for d in SCHOOL_DAYS if D(2026, 9, 3) <= d <= D(2026, 11, 27)]
    o = {**run(D(2026, 9, 28), "AM", 10), **run(D(2026, 11, 16), "AM", 10)}

    def export_as(upn: str, name: str, last: dt.date) -> Path:
        rows = [
            {"upn": upn, "date": d, "session": s, "mark": o.get((d, s), "/"),
             "surname": "Kid", "forename": "Kit", "dob": D(2015, 5, 1)}
            for d in days if d <= last for s in ("AM", "PM")
        ]  # fmt: skip
        return write_long_csv(register_rows(rows), tmp_path / name, dob=True)

    before = export_as(old, "old.csv", D(2026, 10, 2))
    now = export_as(new, "new.csv", D(2026, 11, 27))
    book = contacts_file(
        tmp_path / "contacts.csv",
        [(old, "M1", "Mrs", "Mum", "Kid"), (new, "M1", "Mrs", "Mum", "Kid")],
    )
    code, _, err = run_cli("--workspace", ws, "pn", "record", old, before, "--parent", "M1",
                           "--contacts", book, "--date", "2026-10-02")  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("--workspace", ws, "letters", now, "--contacts", book,
                             "--as-of", "2026-11-27", "--dry-run")  # fmt: skip
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "penalty_notice_warning" in said
    assert (
        f"notice 1 about {old} (02/10/2026) is to this parent, about a pupil of the same name "
        f"and date of birth as {new} (Kit Kid, born 01/05/2015)" in said
    )
    assert "the letter quotes a first notice, and it would be second if one child" in said
    code, out, err = run_cli("--workspace", ws, "pn", "record", new, now, "--parent", "M1",
                             "--contacts", book, "--date", "2026-11-30", "--as-of",
                             "2026-11-27")  # fmt: skip
    assert code == 0, err
    said = " ".join(err.split())
    assert f"notice 1 about {old} (02/10/2026) is to this parent" in said
    assert "if one child, this notice is their second (GBP 160)" in said


def test_pn_next_and_list_find_an_mis_id_typed_without_its_leading_zeros(tmp_path):
    """A register keyed by MIS id: the notice about 001003 was recorded as `pn record 1003`
    (the id as Excel shows it, matched to 001003).  Asked the same way, `pn next 1003
    --parent "Mrs Mum Kid"` answered "first (GBP 80 ...)" (a second quoted as a first),
    with `--contacts` "pupil 1003 has no contacts", and `pn list --upn 1003` "0: none"."""
    ws = workspace(tmp_path)
    days = [d for d in SCHOOL_DAYS if D(2026, 9, 3) <= d <= D(2026, 11, 27)]
    own = {"001003": run(D(2026, 11, 16), "AM", 10), "001004": {}}
    rows = [
        {"upn": u, "date": d, "session": s, "mark": m.get((d, s), "/")}
        for u, m in own.items() for d in days for s in ("AM", "PM")
    ]  # fmt: skip
    exp = write_long_csv(register_rows(rows), tmp_path / "reg.csv", dob=True)
    book = contacts_file(
        tmp_path / "contacts.csv",
        [("001003", "M1", "Mrs", "Mum", "Kid"), ("001004", "M2", "Mrs", "Oth", "Er")],
    )
    code, _, err = run_cli("--workspace", ws, "pn", "record", "1003", exp, "--parent", "M1",
                           "--contacts", book, "--date", "2026-11-30", "--as-of", "2026-11-27")  # fmt: skip
    assert code == 0, err
    for extra in (["--parent", "Mrs Mum Kid"], ["--parent", "M1", "--contacts", book]):
        code, out, err = run_cli("--workspace", ws, "pn", "next", "1003", *extra, "--date",
                                 "2026-12-01")  # fmt: skip
        assert code == 0 and out.startswith("second (GBP 160)"), (extra, out, err)
    code, out, err = run_cli("--workspace", ws, "pn", "list", "--upn", "1003", "--json")
    assert code == 0, err
    assert [n["upn"] for n in json.loads(out)] == ["001003"]
    # an id no notice has is as typed: none, a first
    code, out, err = run_cli("--workspace", ws, "pn", "next", "1004", "--parent", "Mrs Oth Er")
    assert code == 0 and out.startswith("first"), err
