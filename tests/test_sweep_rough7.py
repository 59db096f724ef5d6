"""A pupil referral unit's rough edges (sweep of 7 December (ninth), rough7): a part-time
pupil's illness, a dual-registered pupil's record, the `D` days inside a run in the files.

Registers from Mon 7 Sep 2026, a token a school day (tests/builders.py: ``I.C2`` is `I` in
the morning, `C2` in the afternoon), no holiday: 20 tokens are 7 Sep - Fri 2 Oct.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from attcli.config import Config
from attcli.engine import evaluate
from builders import pupil, register

D = dt.date
CFG = Config()
TERMS = """
[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-03
end = 2026-10-23
"""


def sick(ev, upn: str) -> tuple[int, int, bool]:  # noqa: ANN001
    p = pupil(ev, upn)
    return p["sickness_sessions"], p["sickness_longest_days"], p["sickness_flag"]


def test_a_part_time_pupil_ill_at_every_timetabled_session_is_on_the_sickness_list():
    # DOMAIN.md 7 (15 school days missed through illness): a day whose only timetabled
    # session is `I` (the other `C2`, part-time timetable) is a day missed through illness,
    # as a day whose other session is `D` is.  A day of `C2` alone (nothing timetabled)
    # neither counts nor breaks (as a part-time run's, sweep decide9); a day with `O` or
    # any attended session (`L`, a late arrival) breaks.
    part = "I.C2"
    reg = register({
        "SOL": " ".join([part] * 20),  # 20 days: listed (20 sessions only: under 30)
        "TAM": " ".join(["I.D"] * 20),  # the same with D afternoons: listed, as before
        "P15": " ".join([part] * 15 + ["/"] * 5),  # 15 days: listed
        "P14": " ".join([part] * 14 + ["/"] * 6),  # 14 days: not
        "IO": " ".join([part] * 7 + ["I.O"] + [part] * 7 + ["/"] * 5),  # 7 + 7: not
        "LATE": " ".join([part] * 7 + ["L.C2"] + [part] * 8 + ["/"] * 4),  # 7 + 8: run not
        "C2DAY": " ".join([part] * 7 + ["C2.C2"] + [part] * 8 + ["/"] * 4),  # 15 over 16 days
        "FULL": " ".join(["I"] * 15 + ["/"] * 5),  # an ordinary pupil: 30 sessions, 15 days
        "FULL14": " ".join(["I"] * 14 + ["/"] * 6),  # 28 sessions, 14 days: not
    })  # fmt: skip
    ev = evaluate(reg, CFG)
    assert sick(ev, "SOL") == (20, 20, True)
    assert sick(ev, "TAM") == (20, 20, True)
    assert sick(ev, "P15") == (15, 15, True)
    assert sick(ev, "P14") == (14, 14, False)
    assert sick(ev, "IO") == (15, 7, False)
    # (7 + 8 days, each a school day missed through illness: 15 cumulatively, listed since
    # sweep rough8; IO's I.O day is half a day, 14.5)
    assert sick(ev, "LATE") == (15, 8, True)
    assert sick(ev, "C2DAY") == (15, 15, True)
    assert sick(ev, "FULL") == (30, 15, True)
    assert sick(ev, "FULL14") == (28, 14, False)
    runs = ev.runs.filter((pl.col("kind") == "sickness") & (pl.col("upn") == "C2DAY"))
    # the run's span is its counted days'; its codes say the part-time timetable (C2)
    assert runs.select("start", "end", "days", "codes").rows() == [
        (D(2026, 9, 7), D(2026, 9, 28), 15, ["C2", "I"])
    ]
    full = ev.runs.filter((pl.col("kind") == "sickness") & (pl.col("upn") == "FULL"))
    assert full.get_column("codes").to_list() == [["I"]]


def test_pupil_says_the_sessions_left_out_of_possible(tmp_path):
    # DD, dual registered: `D` every Tuesday and Thursday from Thu 3 Sep to Fri 2 Oct 2026
    # (Thu 3; Tue and Thu of the weeks of 7, 14, 21, 28 Sep: 9 days, 18 sessions), `O` all
    # day Mon 28 Sep, present otherwise: 22 school days, 44 sessions, 26 possible, 24
    # attended.  "24 of 26" says nothing of the 18 sessions at the other school: a line does.
    from builders import register_rows, write_long_csv
    from clirun import run_cli
    from school import make_workspace

    make_workspace(tmp_path / "ws", TERMS)
    days = [D(2026, 9, 3) + dt.timedelta(days=i) for i in range(30)]
    days = [d for d in days if d.weekday() < 5]

    def dd(d: dt.date) -> str:
        return "D" if d.weekday() in (1, 3) else "O" if d == D(2026, 9, 28) else "/"

    rows = [
        {"upn": upn, "date": d, "session": s, "mark": dd(d) if upn == "DD" else "/"}
        for upn in ("DD", "F1")
        for d in days
        for s in ("AM", "PM")
    ]
    exp = write_long_csv(register_rows(rows), tmp_path / "register.csv", dob=True)
    code, out, err = run_cli("--workspace", tmp_path / "ws", "pupil", "DD", exp)
    assert code == 0, err
    text = " ".join(out.split())
    assert "Sessions attended 24 of 26" in text
    assert (
        "Left out of possible sessions (not possible): D 18 (dual registered: attending "
        "another school)" in text
    )


def test_a_pru_can_say_phase_none_and_the_report_compares_with_no_phase(tmp_path):
    # A pupil referral unit (Years 7-11): its year groups make it "secondary", and the
    # report set it against state-funded secondary schools' 91.1 %, in red.  The DfE's
    # absence release has no alternative-provision figure: `[school] phase = "none"` shows
    # no national figure, and says why in one line.
    from attcli.config import parse_config
    from attcli.national import report_national

    secondary, _ = report_national(Config(), ["7", "9", "11"])
    assert secondary is not None and "state-funded secondary schools" in secondary.cite
    cfg = parse_config('[school]\nname = "Brook House PRU"\nphase = "none"\n')
    assert cfg.school.phase == "none"
    nat, notes = report_national(cfg, ["7", "9", "11"])
    assert nat is None
    assert notes == [
        'national figures: none shown ([school] phase = "none" in attcli.toml): the school '
        "is compared with no phase's published figures"
    ]


def test_cme_s_json_and_csv_carry_the_d_days_inside_a_run(tmp_path):
    # blind6's DB: `D` every Tuesday and Thursday, `O` on every other day from Fri 6 Nov to
    # Fri 27 Nov: a run of 10 school days with 6 `D` days inside it (10, 12, 17, 19, 24, 26
    # Nov), said on the terminal, the check's reason and the LA return, not in cme's files.
    # The JSON gains `dual_within_days` and `dual_within_dates` (as `off_roll_days` and
    # `off_roll_dates`); the CSV a last column, each day dated as the off-roll column's.
    import csv
    import json

    from clirun import run_cli
    from test_sweep_blind6 import dual_school

    ws, exp = dual_school(tmp_path)
    code, out, err = run_cli("--workspace", ws, "cme", exp, "--days", "10", "-f", "json")
    assert code == 0, err
    runs = {r["upn"]: r for r in json.loads(out)["runs"]}
    assert runs["DB"]["dual_within_days"] == 6
    assert runs["DB"]["dual_within_dates"] == [
        "2026-11-10", "2026-11-12", "2026-11-17", "2026-11-19", "2026-11-24", "2026-11-26",
    ]  # fmt: skip
    assert (runs["MO"]["dual_within_days"], runs["MO"]["dual_within_dates"]) == (0, [])
    code, out, err = run_cli("--workspace", ws, "cme", exp, "--days", "10", "-f", "csv")
    assert code == 0, err
    rows = list(csv.reader(out.lstrip("\ufeff").splitlines()))
    assert rows[0][-1] == "Days marked D (at another school) inside the run"
    assert rows[0][-2] == "Days off the roll inside the run"  # (the columns before: kept)
    by_upn = {r[0]: r for r in rows[1:]}
    assert by_upn["DB"][-1] == (
        "10/11/2026; 12/11/2026; 17/11/2026; 19/11/2026; 24/11/2026; 26/11/2026"
    )
    assert by_upn["MO"][-1] == ""
